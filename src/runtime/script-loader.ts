/**
 * Loads a k6 script for the runtime and makes VUs from it. A .ts/.js/.mjs source (or a k6-form
 * bundle) is built into a temporary peakday-form bundle first; a peakday-form .cjs is loaded
 * as is. Node's CommonJS loader loads the bundle with source maps enabled, so stack traces
 * from script code name the original .ts file and line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { format } from 'node:util';
import { buildScript, FACTORY_MARKER } from './bundler/bundle.ts';
import { RuntimeError } from './errors.ts';
import { createK6Module } from './modules/k6.ts';
import { cryptoModule } from './modules/k6-crypto.ts';
import { encodingModule } from './modules/k6-encoding.ts';
import { createExecutionModule } from './modules/k6-execution.ts';
import { createHttpModule } from './modules/k6-http.ts';
import { createMetricsModule } from './modules/k6-metrics.ts';
import type { RunState } from './modules/run-state.ts';
import type { ScriptBindings, Vu } from './vu.ts';

interface FactoryContext {
  vu: number;
  env: Record<string, string>;
  open: (path: string, mode?: string) => string | ArrayBuffer;
  console: Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>;
  bindings?: ScriptBindings;
}
type Factory = (require: (name: string) => unknown, pd: FactoryContext) => Record<string, unknown>;

export interface LoadedScript {
  readonly factory: Factory;
  /** Folder open() resolves against: the original script's. */
  readonly scriptDir: string;
  readonly bundlePath: string;
  dispose(): Promise<void>;
}

export const SCRIPT_EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs'];

export async function loadScript(path: string): Promise<LoadedScript> {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new RuntimeError('PD_RT_NO_SUCH_SCRIPT', path);
  process.setSourceMapsEnabled(true);
  let bundlePath = abs;
  let tmp: string | undefined;
  const isFactory = abs.endsWith('.cjs') && readFileSync(abs, 'utf8').startsWith(FACTORY_MARKER);
  if (!isFactory) {
    tmp = await mkdtemp(join(tmpdir(), 'peakday-run-'));
    try {
      bundlePath = (await buildScript(abs, tmp)).runtimePath;
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw new RuntimeError('PD_RT_BUILD_FAILED', (e as Error).message, { cause: e });
    }
  }
  const req = createRequire(import.meta.url);
  let factory: Factory;
  try {
    factory = req(bundlePath) as Factory;
  } catch (e) {
    if (tmp) await rm(tmp, { recursive: true, force: true });
    throw new RuntimeError('PD_RT_INIT_EXCEPTION', (e as Error).stack ?? String(e), { cause: e });
  }
  if (typeof factory !== 'function') throw new RuntimeError('PD_RT_BUILD_FAILED', `${bundlePath} is not a peakday bundle`);
  return {
    factory,
    scriptDir: isFactory ? sourceDirOf(abs) : dirname(abs),
    bundlePath,
    dispose: async () => {
      if (tmp) await rm(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * The folder of a pre-built bundle's original entry script, from its source map (esbuild lists
 * the entry last), so open('./data.json') means what it meant next to the .ts; the bundle's own
 * folder when there is no map.
 */
function sourceDirOf(bundle: string): string {
  try {
    const map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources?: string[] };
    const entry = map.sources?.[map.sources.length - 1];
    if (entry) {
      const dir = dirname(resolve(dirname(bundle), entry));
      if (existsSync(dir)) return dir;
    }
  } catch {
    // no map, or not ours: fall back to the bundle's folder
  }
  return dirname(bundle);
}

/** The k6 modules a script may import, each made once per VU. */
const K6_MODULES: Readonly<Record<string, (vu: Vu, run: RunState) => unknown>> = {
  k6: createK6Module,
  'k6/http': createHttpModule,
  'k6/metrics': createMetricsModule,
  'k6/execution': createExecutionModule,
  'k6/crypto': () => cryptoModule,
  'k6/encoding': () => encodingModule,
};

/**
 * Runs the script's init context for `vu`: its own module instances, its own k6 modules.
 * Throws RuntimeError PD_RT_INIT_EXCEPTION (exit 107) with the mapped stack when init throws.
 */
export function initVuContext(vu: Vu, script: LoadedScript, run: RunState, env: Record<string, string>): void {
  const modules = new Map<string, unknown>();
  const require = (name: string): unknown => {
    let m = modules.get(name);
    if (m !== undefined) return m;
    const create = Object.hasOwn(K6_MODULES, name) ? K6_MODULES[name] : undefined; // not "toString"
    if (create === undefined) {
      throw new RuntimeError('PD_RT_UNKNOWN_MODULE', `"${name}" is not provided by the peakday runtime (supported: ${Object.keys(K6_MODULES).join(', ')})`);
    }
    m = create(vu, run);
    modules.set(name, m);
    return m;
  };
  const log = (level: 'info' | 'warn' | 'error' | 'debug') => (...args: unknown[]) => run.log(level, format(...args));
  const pd: FactoryContext = {
    vu: vu.idInInstance,
    env,
    open: (path: string, mode?: string) => openFile(vu, run, path, mode),
    console: { log: log('info'), info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
  };
  vu.inInit = true;
  try {
    vu.exports = script.factory(require, pd);
  } catch (e) {
    if (e instanceof RuntimeError) throw e;
    throw new RuntimeError('PD_RT_INIT_EXCEPTION', (e as Error)?.stack ?? String(e), { cause: e });
  } finally {
    vu.inInit = false;
  }
  vu.bindings = pd.bindings;
}

function openFile(vu: Vu, run: RunState, path: string, mode?: string): string | ArrayBuffer {
  if (!vu.inInit) throw new RuntimeError('PD_RT_INIT_ONLY', `open("${path}") may only be called in the init context`);
  if (mode !== undefined && mode !== 'b' && mode !== 'r') throw new Error(`open("${path}"): mode must be "b" (binary) or omitted, got "${mode}"`);
  const abs = isAbsolute(path) ? path : resolve(run.scriptDir, path);
  const key = `${mode === 'b' ? 'b' : 't'}:${abs}`;
  const cached = run.openCache.get(key);
  if (cached !== undefined) return cached;
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (e) {
    throw new Error(`open("${path}"): ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file ${abs}` : (e as Error).message}`);
  }
  const value = mode === 'b' ? (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer) : buf.toString('utf8');
  run.openCache.set(key, value);
  return value;
}
