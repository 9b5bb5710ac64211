/**
 * The chaos scenario over each fault kind alone and all together: whatever the platform does
 * wrong, accuracy must be 100% after drain (the chaos override judges accuracy and the platform
 * calls the faults did not fail; the lags are informational under faults injected on purpose,
 * and the ERP API's own latency, still judged, is this machine's to hold, not this test's).
 * The results must list every fault injected and how often.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_KINDS, SLOW_INVENTORY_MS } from '../../load/lib/fault-profiles.ts';
import type { RunResult } from '../../src/results/run-result.ts';
import { VERDICT_EXIT_CODES } from '../../src/standards/verdict.ts';
import { runPeakday, type PeakdayRun } from '../../src/harness/test/run-peakday.ts';

const runs: PeakdayRun[] = [];
afterAll(() => {
  for (const r of runs) rmSync(r.outDir, { recursive: true, force: true });
});

const SHORT = ['-e', 'BASE_RATE=10', '-e', 'PEAK_RATE=30', '-e', 'BASELINE_S=4', '-e', 'RAMP_S=2', '-e', 'HOLD_S=16', '-e', 'DROP_S=2', '-e', 'TAIL_S=4', '-e', 'STOCK_RATE=10', '-e', 'SHIP_RATE=10', '--skus', '40', '--drain-timeout', '120'];

/**
 * Lost webhooks matter at sell-out: a lost order's units stay on sale in the ERP until a poll
 * finds the order, and near zero the shops' shares are recomputed from that too-high count.
 * Little stock keeps the hot SKUs near sell-out; one webhook in twenty is lost (~45 a run).
 * The peak is 60 orders/s, not a promo's 150: at 150 on this two-core machine the processes
 * stall (event-loop delays of 100-300 ms), and an order that is merely late, not lost, is then
 * overwritten by an absolute push just the same — a different limit, measured and documented
 * in stack/README.md ("Limits, known"): 3 oversold in one CI run, 3 in one run here with the
 * 250 ms poll. At 60 orders/s: none in 5 runs here with every event loop delayed 100-330 ms.
 */
const SELL_OUT = ['-e', 'FAULTS=webhook-drop', '-e', 'BASE_RATE=20', '-e', 'PEAK_RATE=60', ...SHORT.slice(4), '--initial-stock', '15'];

describe('chaos: accuracy holds under every platform fault', () => {
  // slow-inventory asks more than accuracy of the stack: it has its own cases below.
  for (const kind of ['all', ...FAULT_KINDS.filter((k) => k !== 'slow-inventory')]) {
    it(`FAULTS=${kind}`, async () => {
      const run = await runPeakday(['chaos', '-e', `FAULTS=${kind}`, ...SHORT]);
      runs.push(run);
      const r = run.result as RunResult;
      expect(r, run.stderr.slice(-3000)).toBeDefined();
      const accuracy = r.standards.filter((s) => s.kind === 'accuracy');
      expect(accuracy.length).toBeGreaterThanOrEqual(6);
      for (const s of accuracy) expect(s.verdict, `${s.id}: ${s.detail}`).toBe('pass');
      expect(r.reconciliation?.drained, JSON.stringify(r.config.drain_pending)).toBe(true);
      expect(r.faults?.total ?? 0, 'faults injected').toBeGreaterThan(0);
      process.stdout.write(`chaos ${kind}: verdict ${r.verdict}, drain ${r.reconciliation?.drain_ms} ms, faults ${JSON.stringify(r.faults?.by_kind)}\n`);
      // What is tested is accuracy and the calls the faults did not fail. The ERP API's own
      // latency is still judged, but three processes on two cores with one busy elsewhere can
      // push its p99 past 200 ms (seen: 232 ms under FAULTS=throttle): a latency percentile may
      // fail or the run be untrusted, nothing else; the exit code is the one the verdict means.
      const broken = r.standards.filter((s) => s.verdict === 'fail' && !/-p(95|99)$/.test(s.id));
      expect(broken.map((s) => `${s.id}: ${s.detail}`), r.verdict_reasons.join('\n')).toEqual([]);
      expect(run.exitCode).toBe(VERDICT_EXIT_CODES[r.verdict]);
    });
  }
});

describe('chaos: lost webhooks at sell-out', () => {
  // A lost notification leaves its order out of the ERP until a poll finds it: one in twenty
  // is lost, so the slowest few percent of order ingest lags are those waits. With the 250 ms
  // poll they stay well under a second; with the old 10 s poll they reach several seconds every run, while
  // whether that wait also oversells depends on which SKUs the lost orders hit (seen: 2 runs in 3).
  const LOST_ORDER_WAIT_MS = 3_000;

  it('the stack oversells nothing, and a lost order reaches the ERP within seconds', async () => {
    const run = await runPeakday(['chaos', ...SELL_OUT]);
    runs.push(run);
    const r = run.result as RunResult;
    expect(r, run.stderr.slice(-3000)).toBeDefined();
    expect(r.faults?.by_kind.webhook_drop ?? 0, 'webhooks dropped').toBeGreaterThan(20);
    for (const s of r.standards.filter((x) => x.kind === 'accuracy')) expect(s.verdict, `${s.id}: ${s.detail}`).toBe('pass');
    expect(r.lags.order_ingest_lag?.p99, 'order ingest lag p99 (ms)').toBeLessThan(LOST_ORDER_WAIT_MS);
    process.stdout.write(`lost webhooks: order ingest lag p99 ${r.lags.order_ingest_lag?.p99} ms, ${r.faults?.by_kind.webhook_drop} dropped\n`);
  });

  it('a stack that waits 10 s to poll (slow-order-poll) leaves lost orders out of the ERP for seconds', async () => {
    const run = await runPeakday(['chaos', ...SELL_OUT], { PEAKDAY_STACK_DEFECTS: 'slow-order-poll' });
    runs.push(run);
    const r = run.result as RunResult;
    expect(r, run.stderr.slice(-3000)).toBeDefined();
    expect(r.faults?.by_kind.webhook_drop ?? 0, 'webhooks dropped').toBeGreaterThan(20);
    expect(r.lags.order_ingest_lag?.p99, 'order ingest lag p99 (ms)').toBeGreaterThan(LOST_ORDER_WAIT_MS);
    const oversold = r.standards.find((s) => s.id === 'no-oversold-orders');
    process.stdout.write(`slow-order-poll: order ingest lag p99 ${r.lags.order_ingest_lag?.p99} ms; no-oversold-orders ${oversold?.verdict} (${oversold?.detail})\n`);
  });
});

/**
 * One endpoint slow, every call: the platform answers inventory/update 4 s late, everything else
 * at once. The stack's bulkheads (a connection pool per kind of call) must keep order intake
 * and shipment sync from queueing behind the pushes. The run is judged with
 * fixtures/slow-inventory-standards.json: the inventory sync lags off (slow on purpose), the
 * order ingest and shipment sync p99 standards at their defaults, and two more: their medians
 * under a quarter of the delay. A call that queued behind the pushes waits for a push's answer,
 * 0 to 4 s, about 2 s at the median (seen with one shared pool: order ingest p50 2.2-2.5 s,
 * shipment sync p50 2.5-3.4 s); alone it takes tens of ms.
 */
describe('chaos: a slow inventory endpoint stalls nothing else', () => {
  const SLOW_INVENTORY = ['chaos', '-e', 'FAULTS=slow-inventory', ...SHORT, '-e', 'HOLD_S=8', '--standards', fileURLToPath(new URL('./fixtures/slow-inventory-standards.json', import.meta.url))];
  const MEDIANS = ['order-ingest-lag-p50', 'shipment-sync-lag-p50'];

  const slowRun = async (env: Record<string, string> = {}): Promise<RunResult> => {
    const run = await runPeakday(SLOW_INVENTORY, env);
    runs.push(run);
    const r = run.result as RunResult;
    expect(r, run.stderr.slice(-3000)).toBeDefined();
    expect(r.faults?.by_kind.latency ?? 0, 'inventory pushes answered late').toBeGreaterThan(50);
    // The medians' limit is the fault's: a quarter of the delay it sets.
    for (const id of MEDIANS) expect(r.standards.find((s) => s.id === id)?.limit, id).toBe(SLOW_INVENTORY_MS / 4);
    const verdicts = r.standards.map((s) => `${s.id} ${s.verdict}`).join(', ');
    process.stdout.write(`slow-inventory${env.PEAKDAY_STACK_DEFECTS ? ` (${env.PEAKDAY_STACK_DEFECTS})` : ''}: order ingest lag p50 ${r.lags.order_ingest_lag?.p50} ms p99 ${r.lags.order_ingest_lag?.p99} ms; shipment sync lag p50 ${r.lags.shipment_sync_lag?.p50} ms p99 ${r.lags.shipment_sync_lag?.p99} ms; ${r.faults?.by_kind.latency} pushes late; drain ${r.reconciliation?.drain_ms} ms; ${verdicts}\n`);
    return r;
  };

  it('order ingest and shipment sync do not wait behind 4 s inventory pushes', async () => {
    const r = await slowRun();
    const held = r.standards.filter((s) => s.kind === 'accuracy' || ['order-ingest-lag-p99', 'shipment-sync-lag-p99', 'platform-call-success', ...MEDIANS].includes(s.id));
    expect(held.length).toBeGreaterThanOrEqual(11);
    for (const s of held) expect(s.verdict, `${s.id}: ${s.detail}`).toBe('pass');
    expect(r.reconciliation?.drained, JSON.stringify(r.config.drain_pending)).toBe(true);
  });

  it('a stack with one connection pool for every call (shared-pool) holds them behind the pushes', async () => {
    const r = await slowRun({ PEAKDAY_STACK_DEFECTS: 'shared-pool' });
    for (const id of MEDIANS) {
      const s = r.standards.find((x) => x.id === id);
      expect(s?.verdict, `${id}: ${s?.detail}`).toBe('fail');
    }
    expect(r.verdict).not.toBe('pass');
  });
});
