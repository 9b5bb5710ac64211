import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runPeakday, SHARED_MACHINE_STANDARDS, SHORT_PROMO, type PeakdayRun } from './run-peakday.ts';

const runs: PeakdayRun[] = [];
afterAll(() => {
  for (const r of runs) rmSync(r.outDir, { recursive: true, force: true });
});

describe('peakday run promo (short, end to end)', () => {
  it('passes every standard against the reference stack (latency at shared-machine limits), with the evidence written', async () => {
    const run = await runPeakday(['promo', ...SHORT_PROMO, ...SHARED_MACHINE_STANDARDS, '--drain-timeout', '30']);
    runs.push(run);
    const r = run.result;
    expect(r, run.stderr).toBeDefined();
    if (!r) return;
    const failed = r.standards.filter((s) => s.verdict !== 'pass').map((s) => `${s.id}: ${s.verdict} ${s.detail}`);
    expect(failed, `${r.verdict_reasons.join('\n')}\n${run.stderr.slice(-2000)}`).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(run.exitCode).toBe(0);
    // The run did real work on every flow, measured on both sides.
    expect(r.reconciliation?.orders_checked).toBeGreaterThan(150);
    expect(r.reconciliation?.shipments_checked).toBeGreaterThan(20);
    expect(r.lags.inventory_sync_lag?.count).toBeGreaterThan(100);
    expect(r.lags.webhook_ack_duration?.count).toBeGreaterThan(150);
    // Buyers cancelled, asked to cancel and returned parcels, and each was judged.
    expect(r.reconciliation?.reverse?.cancellations_checked).toBeGreaterThan(0);
    expect(r.reconciliation?.reverse?.returns_checked).toBeGreaterThan(0);
    expect(r.processes.map((p) => p.role).sort()).toEqual(['generator', 'mock', 'stack']);
    expect(run.stdout).toMatch(/report: .*report\.html/);
  });
});

// A stack that misbehaves must fail on the standard its defect breaks: the suite's own proof
// that it catches what it claims to (stack/defects.ts).
const DEFECT_CASES: { defect: string; fails: string; args?: string[] }[] = [
  { defect: 'slow-webhook-ack', fails: 'webhook-ack-p99' },
  { defect: 'wrong-tracking', fails: 'tracking-as-issued' },
  { defect: 'lose-orders', fails: 'no-lost-orders' },
  { defect: 'inflate-stock', fails: 'inventory-converged' },
  { defect: 'ignore-cancellations', fails: 'cancelled-stock-released' },
  // More parcels sent back than the promo's default, so some are accepted back within the short run.
  { defect: 'skip-restock', fails: 'returns-restocked', args: ['-e', 'RETURN_SHARE=0.3', '-e', 'REFUND_ONLY_SHARE=0'] },
];

describe('peakday run promo against a deliberately broken stack', () => {
  for (const c of DEFECT_CASES) {
    it(`${c.defect} fails ${c.fails}`, async () => {
      const run = await runPeakday(['promo', ...SHORT_PROMO, ...(c.args ?? []), '--drain-timeout', '10'], { PEAKDAY_STACK_DEFECTS: c.defect });
      runs.push(run);
      const r = run.result;
      expect(r, run.stderr).toBeDefined();
      if (!r) return;
      const judged = r.standards.find((s) => s.id === c.fails);
      expect(judged?.verdict, `${c.fails}: ${judged?.detail}`).toBe('fail');
      expect(r.verdict).not.toBe('pass');
      expect(run.exitCode).not.toBe(0);
    });
  }
});
