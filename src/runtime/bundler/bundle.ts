/**
 * Bundles a k6 script (TypeScript or JavaScript, ES modules) with esbuild, two ways:
 *  - the k6 form, `dist/k6/<name>.js`: one ES module with `k6` and `k6/*` left as imports —
 *    exactly what the real k6 binary runs;
 *  - the peakday form, `dist/peakday/<name>.cjs`: a CommonJS file exporting a factory
 *    `(require, pd) => exports`. Each VU calls the factory, so each VU gets its own module
 *    instance (k6 gives every VU its own init context) while all VUs share one JS realm.
 *    `__VU`, `__ENV`, `__ITER`, `open` and `console` are bindings of the factory's scope, so
 *    every VU's code sees its own values with no global to race on; the VU moves `__ITER` and
 *    `__ENV` through the setters the factory hands back.
 * Both carry linked source maps, so a stack trace through the bundle names the .ts line.
 */
import { build, type BuildFailure } from 'esbuild';
import { basename, extname, join } from 'node:path';

/** First line of every peakday-form bundle: how the loader recognises one. */
export const FACTORY_MARKER = '/* peakday-vu-factory v1 */';

const BANNER = [
  FACTORY_MARKER,
  'module.exports = function __peakdayVu(require, __pd) {',
  'var module = { exports: {} }, exports = module.exports;',
  'var __VU = __pd.vu, __ENV = __pd.env, __ITER = 0, open = __pd.open, console = __pd.console;',
  '__pd.bindings = { setIter: function (n) { __ITER = n; }, setEnv: function (e) { __ENV = e; } };',
].join('\n');
const FOOTER = 'return module.exports;\n};';

export interface BuiltScript {
  /** The peakday-form bundle. */
  runtimePath: string;
  /** The k6-form bundle, when asked for. */
  k6Path?: string;
}

export class BuildError extends Error {
  constructor(
    message: string,
    readonly details: string[],
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

export function bundleName(entry: string): string {
  return basename(entry, extname(entry));
}

/** Builds `entry` into `<outDir>/peakday/<name>.cjs` and, with `k6`, `<outDir>/k6/<name>.js`. */
export async function buildScript(entry: string, outDir: string, opts: { k6?: boolean } = {}): Promise<BuiltScript> {
  const name = bundleName(entry);
  const common = {
    entryPoints: [entry],
    bundle: true,
    platform: 'neutral' as const,
    mainFields: ['module', 'main'],
    target: 'es2022',
    external: ['k6', 'k6/*'],
    sourcemap: 'linked' as const,
    logLevel: 'silent' as const,
    charset: 'utf8' as const,
  };
  const runtimePath = join(outDir, 'peakday', `${name}.cjs`);
  try {
    await build({ ...common, format: 'cjs', outfile: runtimePath, banner: { js: BANNER }, footer: { js: FOOTER } });
    let k6Path: string | undefined;
    if (opts.k6) {
      k6Path = join(outDir, 'k6', `${name}.js`);
      await build({ ...common, format: 'esm', outfile: k6Path });
    }
    return { runtimePath, ...(k6Path ? { k6Path } : {}) };
  } catch (e) {
    const f = e as BuildFailure;
    const details = (f.errors ?? []).map((m) => `${m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : ''}${m.text}`);
    throw new BuildError(`cannot build ${entry}: ${details[0] ?? (e as Error).message}`, details);
  }
}
