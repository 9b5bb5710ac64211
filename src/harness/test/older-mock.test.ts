/**
 * A mock older than the rate limit's figures (its /__mock/stats has no `rate_limit`), served by a
 * real HTTP server on loopback: the harness collects a platform-only run from it without
 * crashing, and the standards that need those figures are not measured, with the reason.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import { buildMeasurements } from '../../results/test/fixtures/build-run-result.ts';
import { judge } from '../../standards/judge.ts';
import { loadStandards } from '../../standards/load-standards.ts';
import { collectPlatformOnly } from '../platform-only-figures.ts';
import { PlatformView, type MockLedger, type MockStats } from '../platform-view.ts';
import { statsSince } from '../stats-window.ts';

const T0 = 1_700_000_000_000;
const SEARCH = 'POST /order/202309/orders/search';

/** /__mock/stats as a mock before the Retry-After watch answered it: no rate_limit key at all. */
function olderStats(searchCalls: number): MockStats {
  const h = new LatencyHistogram();
  for (let i = 0; i < searchCalls; i++) h.record(2);
  return {
    endpoints: { [SEARCH]: { calls: searchCalls, by_code: { '0': searchCalls }, partial: 0, latency: h.encode(), p50_ms: 2, p99_ms: 2 } },
    orders: { accepted: 1, refused_sold_out: 0 },
    duplicate_shipments: 0,
    webhooks: { ack: new LatencyHistogram().encode(), outcomes: {}, pending: 0 },
    faults: {},
    pending_waits: 0,
  };
}

const ledger: MockLedger = {
  at: T0 + 5_000,
  orders: [{
    id: 'O1', shop_id: 'S1', status: 'AWAITING_SHIPMENT', buyer_region: 'US', created_at: T0 + 100, updated_at: T0 + 100, first_read_at: T0 + 400, package_ids: [],
    line_items: [{ id: 'O1-1', sku_id: 'K1', seller_sku: 'A', quantity: 1, commits: [{ warehouse_id: 'W1', quantity: 1 }] }],
  }],
  packages: [],
  inventory: [{ shop_id: 'S1', sku_id: 'K1', seller_sku: 'A', warehouse_id: 'W1', available: 9, committed: 1 }],
  duplicate_shipments: 0,
};

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** The older mock's control API: stats and ledger in TikTok's envelope; anything else 404. */
async function olderMock(): Promise<string> {
  const routes: Record<string, unknown> = { '/__mock/stats': olderStats(40), '/__mock/ledger': ledger };
  server = createServer((req, res) => {
    const data = routes[(req.url ?? '').split('?')[0] as string];
    res.writeHead(data === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(data === undefined ? { code: 40006, message: 'not found' } : { code: 0, message: 'Success', data }));
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a mock whose stats have no rate_limit', () => {
  it('is read without a crash; backoff and calls per second are not measured, each with the reason', async () => {
    const platform = new PlatformView(await olderMock());
    const baseline = await platform.stats();
    expect(baseline.rate_limit).toBeUndefined();
    const f = await collectPlatformOnly(platform, { startedAt: T0, intervalMs: 1000, baseline, declaredStock: 10 });
    expect(f.platformOnly.rate_limit).toBeUndefined();
    expect(f.callRates).toBeUndefined();
    expect(f.platformOnly.orders_unread.count).toBe(0);
    expect(Object.keys(f.unmeasured).sort()).toEqual(['calls_over_rate_limit', 'rate_limit_early_calls']);

    // As the run's measurements carry it (run-measurements.ts): no such counters, the reasons instead.
    const m = buildMeasurements({ durationSec: 20 });
    delete m.metrics.calls_over_rate_limit;
    delete m.call_rates;
    m.unmeasured = f.unmeasured;
    const byId = new Map(judge(loadStandards({ platformOnly: true }), m).map((j) => [j.id, j]));
    for (const id of ['retry-after-respected', 'calls-per-second-within-limit']) {
      expect(byId.get(id), id).toMatchObject({ verdict: 'not-measured', measured: null });
      expect(byId.get(id)?.detail, id).toMatch(/^the mock's \/__mock\/stats has no rate_limit figures \(a mock older than its Retry-After watch\)/);
    }
  });

  it('windows its figures like any other: the run is what came after the baseline', () => {
    const w = statsSince(olderStats(40), olderStats(30));
    expect(w.endpoints[SEARCH]?.calls).toBe(10);
    expect(w.rate_limit).toBeUndefined();
  });
});
