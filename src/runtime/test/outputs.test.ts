/** `peakday run` outputs end to end, as a child process: handleSummary, --summary-export, --out json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, startTarget, tempDir, type Target } from './helpers.ts';

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target.close();
});

describe('peakday run outputs', () => {
  it('handleSummary, --summary-export and --out json, with open() and -e', async () => {
    const out = tempDir();
    try {
      const r = await runCli([
        'run', join(FIXTURES, 'outputs.ts'), '--quiet', '-e', `TARGET=${target.url}`, '-e', `OUT_DIR=${out.path}`,
        '--summary-export', join(out.path, 'export.json'), '--out', `json=${join(out.path, 'points.ndjson')}`,
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('custom summary: 3 requests, shop checks is 200=3,skus loaded=3,encoding works=3\n');
      expect(JSON.parse(readFileSync(join(out.path, 'from-handle-summary.json'), 'utf8'))).toEqual({ iterations: 3 });
      const exp = JSON.parse(readFileSync(join(out.path, 'export.json'), 'utf8'));
      expect(exp.metrics.http_reqs.count).toBe(3);
      const lines = readFileSync(join(out.path, 'points.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const reqs = lines.filter((l) => l.type === 'Point' && l.metric === 'http_reqs');
      expect(reqs).toHaveLength(3);
      expect(reqs[0].data.tags).toMatchObject({ name: 'hello', method: 'GET', status: '200', group: '::shop', scenario: 'default' });
    } finally {
      out.remove();
    }
  });
});

describe('script promise rejections', () => {
  it('an un-awaited rejected request is logged, not fatal', async () => {
    const { tempDir } = await import('./helpers.ts');
    const dir = tempDir();
    try {
      const script = dir.write('unawaited.ts', `
import http from 'k6/http';
export const options = { iterations: 2 };
export default async function () {
  http.get(__ENV.T + '/x', { notAParam: 1 } as never);
  await http.get(__ENV.T + '/y');
}
`);
      const r = await runCli(['run', script, '--quiet', '-e', `T=${target.url}`]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('unhandled promise rejection in the script: TypeError: unknown http param "notAParam"');
      expect(r.stdout).toMatch(/iterations\.+: 2/);
    } finally {
      dir.remove();
    }
  });
});

describe('stopping from outside', () => {
  it('SIGINT stops the test, still runs teardown and prints the summary, exit 105', async () => {
    const { spawn } = await import('node:child_process');
    const { REPO, tempDir } = await import('./helpers.ts');
    const dir = tempDir();
    try {
      const script = dir.write('long.ts', `
import { sleep } from 'k6';
export const options = { vus: 2, duration: '30s' };
export default async function () { await sleep(0.05); }
export function teardown() { console.log('teardown ran'); }
`);
      const child = spawn(process.execPath, [join(REPO, 'bin', 'peakday.mjs'), 'run', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
      // wait until the scenarios run: the progress output names them at the start
      for (let i = 0; i < 150 && !stderr.includes('scenarios: default'); i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('close', r));
      clearTimeout(kill);
      expect(code, stderr).toBe(105);
      expect(stderr).toContain('stopping the test: received a stop signal');
      expect(stderr).toContain('teardown ran');
      expect(stdout).toMatch(/iterations\.+: \d+/);
    } finally {
      dir.remove();
    }
  });
});
