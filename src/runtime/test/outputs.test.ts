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
