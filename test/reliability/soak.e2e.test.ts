/**
 * The CI-scale soak: `peakday run soak` for 90 s at a moderate rate, then the slopes of every
 * process's heap after full collections and event-loop delay and of every lag, once warmed up,
 * must be flat (src/harness/drift.ts). RSS over 45 s says nothing about leaks and is reported
 * as not judged; the long soak is the same command with `-e SOAK_S=3600`.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/results/run-result.ts';
import { drifting, growthText, notJudged } from '../../src/harness/drift.ts';
import { runPeakday, type PeakdayRun } from '../../src/harness/test/run-peakday.ts';

const runs: PeakdayRun[] = [];
afterAll(() => {
  for (const r of runs) rmSync(r.outDir, { recursive: true, force: true });
});

describe('soak (CI scale)', () => {
  it('nothing drifts over 90 s: heap after GC, event-loop delay and lags stay flat', async () => {
    const run = await runPeakday(['soak', '-e', 'SOAK_S=90', '-e', 'ORDER_RATE=30', '-e', 'STOCK_RATE=15', '-e', 'SHIP_RATE=15', '--skus', '60', '--drain-timeout', '30']);
    runs.push(run);
    const r = run.result as RunResult;
    expect(r, run.stderr).toBeDefined();
    const figures = r.drift ?? [];
    const whats = figures.map((f) => f.what);
    for (const role of ['generator', 'mock', 'stack']) {
      expect(whats).toContain(`${role} rss`);
      expect(whats).toContain(`${role} heap after GC`);
      expect(whats).toContain(`${role} event-loop delay p99`);
    }
    expect(whats).toContain('order_ingest_lag p99');
    expect(drifting(figures), JSON.stringify(figures, null, 1)).toEqual([]);
    for (const f of figures) process.stdout.write(`soak drift: ${f.what} ${growthText(f)} over ${f.points} points${notJudged(f) ? ` (not judged: ${notJudged(f)})` : ''}\n`);
    expect(r.reconciliation?.lost_orders.count).toBe(0);
  });
});
