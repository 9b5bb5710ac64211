/**
 * `peakday run promo --platform-only` against a seller's connector that is a real process of its
 * own (fixtures/platform-connector.ts), talking to a mock started here, with the order search
 * limited to 2 calls/s per shop so the connector meets 429s. The harness drives buyers only and
 * judges what the platform sees: the connector that waits out Retry-After passes that standard,
 * the one that ignores it is caught; each shop's calls per second are judged against the limit
 * the mock was started with; every ERP-side standard is listed as not judged, with why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../../mocks/tiktok-shop/server.ts';
import { runPeakday, type PeakdayRun } from './run-peakday.ts';

const CONNECTOR = fileURLToPath(new URL('./fixtures/platform-connector.ts', import.meta.url));
const STOCK = 300;
const SEARCH = 'POST /order/202309/orders/search';
/** About 12 s of buyers on 10 live SKUs. */
const SHORT_BUYERS = [
  '-e', 'BASE_RATE=5', '-e', 'PEAK_RATE=20', '-e', 'BASELINE_S=3', '-e', 'RAMP_S=2', '-e', 'HOLD_S=5',
  '-e', 'DROP_S=1', '-e', 'TAIL_S=1', '-e', 'LIVE_SKUS=10', '--skus', '20', '--drain-timeout', '20',
];
const ERP_SIDE = [
  'inventory-sync-lag-p95', 'inventory-sync-lag-p99', 'order-ingest-lag-p99', 'shipment-sync-lag-p99', 'erp-api-p99',
  'inventory-converged', 'no-oversold-orders', 'no-lost-orders', 'no-duplicate-allocations', 'no-duplicate-shipments', 'tracking-as-issued',
];

let mock: RunningMock | undefined;
let connector: ChildProcess | undefined;
const runs: PeakdayRun[] = [];

afterEach(async () => {
  connector?.kill('SIGTERM');
  connector = undefined;
  await mock?.close();
  mock = undefined;
  for (const r of runs.splice(0)) rmSync(r.outDir, { recursive: true, force: true });
});

/** The connector process, once it has pushed its stock. */
function startConnector(m: RunningMock, backoff: 'respect' | 'ignore'): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CONNECTOR], {
    env: { ...process.env, TIKTOK_URL: m.url, PEAKDAY_APP_KEY: m.appKey, PEAKDAY_APP_SECRET: m.appSecret, PEAKDAY_ACCESS_TOKEN: m.accessToken, STOCK: String(STOCK), BACKOFF: backoff },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => d.includes('"ready":true') && resolve(child));
    child.once('exit', (code) => reject(new Error(`the connector exited ${code} before ready:\n${stderr}`)));
  });
}

async function platformOnlyRun(backoff: 'respect' | 'ignore'): Promise<PeakdayRun> {
  mock = await startMock({ port: 0, seed: 'platform-only', shops: 2, skus: 20, rateLimit: { defaultQps: 50, perEndpoint: { [SEARCH]: 2 } } });
  connector = await startConnector(mock, backoff);
  const run = await runPeakday(['promo', '--platform-only', '--mock-url', mock.url, '--initial-stock', String(STOCK), ...SHORT_BUYERS], {
    PEAKDAY_APP_KEY: mock.appKey, PEAKDAY_APP_SECRET: mock.appSecret, PEAKDAY_ACCESS_TOKEN: mock.accessToken,
  });
  runs.push(run);
  expect(run.result, run.stderr).toBeDefined();
  return run;
}

const verdictOf = (run: PeakdayRun, id: string) => run.result?.standards.find((s) => s.id === id);

/** What both connectors must show: buyers only, the platform-side checks judged, the ERP side named as not judged. */
function expectPlatformOnlyJudgement(run: PeakdayRun): void {
  const r = run.result!;
  const show = r.standards.map((s) => `${s.id}: ${s.verdict} ${s.detail}`).join('\n');
  expect(r.config.platform_only, show).toBe(true);
  expect(r.reconciliation).toBeUndefined();
  // no ERP traffic was generated: no stock write, no shipment marked
  expect(r.metrics.stock_writes).toBeUndefined();
  expect(r.metrics.shipments_marked).toBeUndefined();
  const p = r.platform_only!;
  expect(p.declared_stock).toBe(STOCK);
  expect(p.orders_accepted, show).toBeGreaterThan(20);
  expect(p.orders_unread.count, show).toBe(0);
  expect(p.stock_over_declared.count, show).toBe(0);
  expect(p.stock_cells_checked).toBe(2 * 20 * 3);
  expect(p.rate_limit?.throttled, show).toBeGreaterThan(0);
  for (const id of ['orders-read', 'stock-within-declared']) expect(verdictOf(run, id)?.verdict, show).toBe('pass');
  // calls per second per shop, against the limit the mock was started with: search 2/s, burst 2
  const search = r.call_rates?.endpoints.find((e) => e.endpoint === SEARCH);
  expect(search, show).toMatchObject({ qps: 2, burst: 2, window_limit: 4 });
  expect(search?.shops).toHaveLength(2);
  expect(verdictOf(run, 'calls-per-second-within-limit')?.measured, show).not.toBeNull();
  process.stdout.write(`platform-only: ${SEARCH} per shop ${search?.shops.map((s) => `peak ${s.peak}, p99 ${s.p99}, ${s.seconds_over} s over`).join('; ')}\n`);
  expect(verdictOf(run, 'order-pickup-lag-p99')?.measured, show).not.toBeNull();
  for (const id of ERP_SIDE) {
    const j = verdictOf(run, id);
    expect(j?.verdict, id).toBe('disabled');
    expect(j?.detail, id).toMatch(/^disabled by platform-only mode: (needs|no |compares)/);
  }
}

describe('peakday run --platform-only', () => {
  it('judges a connector that waits out Retry-After: no early call, every order read, stock within the declared', async () => {
    const run = await platformOnlyRun('respect');
    expectPlatformOnlyJudgement(run);
    expect(run.result!.platform_only!.rate_limit?.early_calls).toEqual({});
    expect(verdictOf(run, 'retry-after-respected')?.verdict).toBe('pass');
  }, 90_000);

  it('catches a connector that ignores Retry-After, and calls faster than the limit lets through', async () => {
    const run = await platformOnlyRun('ignore');
    expectPlatformOnlyJudgement(run);
    expect(run.result!.platform_only!.rate_limit?.early_calls[SEARCH]).toBeGreaterThan(0);
    const j = verdictOf(run, 'retry-after-respected');
    expect(j?.verdict).toBe('fail');
    // retrying at once, it calls the search more often in a second than 2/s + burst 2 lets through (seen: 14 to 17)
    expect(verdictOf(run, 'calls-per-second-within-limit')?.verdict, verdictOf(run, 'calls-per-second-within-limit')?.detail).toBe('fail');
    expect(run.exitCode).toBe(99);
  }, 90_000);
});
