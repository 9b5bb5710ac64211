/**
 * The compressed token soak: `peakday run soak` with the mock's access tokens living 8 s, so
 * they expire several times while orders, stock and shipments flow. The reference stack must
 * renew each one ahead of its expiry (the platform counts the renewals), no call may meet an
 * expired token (105002) — every call renewed ahead, or refused and sent again —, and no order
 * may be lost or doubled. The one-hour form is the same command with `-e SOAK_S=3600` and
 * tokens of 10 minutes (README.md, "Soak").
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/results/run-result.ts';
import { runPeakday, type PeakdayRun } from '../../src/harness/test/run-peakday.ts';

const LIFETIME_S = 8;
const SOAK_S = 25;

const runs: PeakdayRun[] = [];
afterAll(() => {
  for (const r of runs) rmSync(r.outDir, { recursive: true, force: true });
});

describe('soak with expiring access tokens (CI scale)', () => {
  it(`tokens living ${LIFETIME_S} s over a ${SOAK_S} s soak: renewed each time, no call meets an expired token, no order lost`, async () => {
    const run = await runPeakday([
      'soak', '-e', `SOAK_S=${SOAK_S}`, '-e', 'ORDER_RATE=20', '-e', 'STOCK_RATE=10', '-e', 'SHIP_RATE=10',
      '--skus', '40', '--access-token-s', String(LIFETIME_S), '--drain-timeout', '20',
    ]);
    runs.push(run);
    const r = run.result as RunResult;
    expect(r, run.stderr).toBeDefined();
    const c = r.config;
    process.stdout.write(`token soak: ${c.access_renewals} renewals in ${c.load_duration_ms} ms of load, ${c.calls_refused_as_expired} calls refused as expired\n`);
    expect(c.access_lifetime_s).toBe(LIFETIME_S);
    // A token lives 8 s and is renewed ahead: at least one renewal per lifetime of the load.
    expect(c.access_renewals as number).toBeGreaterThanOrEqual(Math.floor(SOAK_S / LIFETIME_S));
    expect(c.calls_refused_as_expired).toBe(0);
    const rec = r.reconciliation!;
    expect(rec.drained, run.stderr).toBe(true);
    expect(rec.lost_orders.count).toBe(0);
    expect(rec.duplicate_allocations.count).toBe(0);
    expect(rec.duplicate_shipments.count).toBe(0);
    expect(rec.tracking_mismatches.count).toBe(0);
    expect(rec.orders_checked).toBeGreaterThan(SOAK_S * 10);
    expect(rec.shipments_checked).toBeGreaterThan(0);
  });
});
