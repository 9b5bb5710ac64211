/**
 * `peakday build`: both bundle forms, with source maps; the k6 form keeps `k6` imports
 * external (what real k6 runs); the peakday form runs through `peakday run` as a bundle.
 * Plus the VU isolation fixture: concurrent async VUs each see their own __VU and __ITER.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildScript, FACTORY_MARKER } from '../bundler/bundle.ts';
import { runTest } from '../run-test.ts';
import { FIXTURES, runCli, startTarget, tempDir, type Target } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
let target: Target;
beforeAll(async () => {
  dir = tempDir();
  target = await startTarget();
});
afterAll(async () => {
  dir.remove();
  await target.close();
});

describe('build', () => {
  it('writes dist/k6/<name>.js (ESM, k6 external) and dist/peakday/<name>.cjs (VU factory), with maps', async () => {
    const r = await buildScript(join(FIXTURES, 'basic.ts'), dir.path, { k6: true });
    const k6 = readFileSync(r.k6Path as string, 'utf8');
    expect(k6).toMatch(/from "k6\/http"/);
    expect(k6).toMatch(/export \{[^}]*options/);
    expect(k6).toContain('sourceMappingURL=basic.js.map');
    expect(existsSync(`${r.k6Path}.map`)).toBe(true);
    const pd = readFileSync(r.runtimePath, 'utf8');
    expect(pd.startsWith(FACTORY_MARKER)).toBe(true);
    expect(existsSync(`${r.runtimePath}.map`)).toBe(true);
  });

  it('the CLI builds files and a built bundle runs with `peakday run`', async () => {
    const out = join(dir.path, 'cli-dist');
    const b = await runCli(['build', join(FIXTURES, 'basic.ts'), '--out', out]);
    expect(b.code).toBe(0);
    const run = await runCli(['run', join(out, 'peakday', 'basic.cjs'), '-e', `TARGET=${target.url}`, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/http_reqs\.+: 6/);
  });

  it('a pre-built bundle resolves open() next to its original script (via the source map)', async () => {
    const out = join(dir.path, 'open-dist');
    const b = await buildScript(join(FIXTURES, 'outputs.ts'), out);
    const r = await runTest({ script: b.runtimePath, env: { TARGET: target.url, OUT_DIR: dir.path } });
    expect(r.exitCode, r.error?.message).toBe(0);
    expect(r.stdout).toContain('skus loaded=3');
  });

  it('a build error names the file and line', async () => {
    const bad = dir.write('broken.ts', 'export default function () {\n  const x = ;\n}\n');
    await expect(buildScript(bad, dir.path)).rejects.toThrow(/broken\.ts:2:\d+/);
  });
});

describe('VU isolation', () => {
  it('__VU and __ITER stay per VU across awaits with 8 concurrent VUs', async () => {
    const r = await runTest({ script: join(FIXTURES, 'vu-isolation.ts') });
    expect(r.exitCode).toBe(0);
    expect(r.summary?.metrics.seen?.values.count).toBe(40);
    expect(r.summary?.metrics.mismatches?.values.count).toBe(0);
  });
});
