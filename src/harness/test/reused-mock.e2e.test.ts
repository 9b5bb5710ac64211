/**
 * A run against a mock the user runs (`--mock-url`) is judged on its own window: earlier
 * traffic on that mock, failed calls included, does not count against it. Certify against a
 * reused mock gives the verdict it gives against a fresh one.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../../mocks/tiktok-shop/server.ts';
import { runPeakday, type PeakdayRun } from './run-peakday.ts';

let mock: RunningMock;
const runs: PeakdayRun[] = [];

beforeAll(async () => {
  mock = await startMock({ port: 0, seed: 'reused-mock', skus: 40 });
});
afterAll(async () => {
  await mock?.close();
  for (const r of runs) rmSync(r.outDir, { recursive: true, force: true });
});

function certify(): Promise<PeakdayRun> {
  return runPeakday(['certify', '--mock-url', mock.url, '--drain-timeout', '15'], {
    PEAKDAY_APP_KEY: mock.appKey,
    PEAKDAY_APP_SECRET: mock.appSecret,
    PEAKDAY_ACCESS_TOKEN: mock.accessToken,
  });
}

/** Other traffic: API calls the platform refuses (unsigned), counted in its call statistics. */
async function otherTraffic(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${mock.url}/order/202309/orders?ids=1&app_key=${mock.appKey}&timestamp=${Math.floor(Date.now() / 1000)}`);
    await res.arrayBuffer();
  }
}

describe('certify against a reused mock', () => {
  it('gives the same verdict as against a fresh one, judged on its own calls only', async () => {
    const fresh = await certify();
    runs.push(fresh);
    expect(fresh.result, fresh.stderr).toBeDefined();
    await otherTraffic(300);
    const stats = (await (await fetch(`${mock.url}/__mock/stats`)).json()) as { data: { endpoints: Record<string, { calls: number; by_code: Record<string, number> }> } };
    const refused = Object.values(stats.data.endpoints).reduce((n, e) => n + e.calls - (e.by_code['0'] ?? 0), 0);
    expect(refused).toBeGreaterThanOrEqual(300);

    const reused = await certify();
    runs.push(reused);
    const a = fresh.result!;
    const b = reused.result;
    expect(b, reused.stderr).toBeDefined();
    const verdicts = (r: typeof a) => Object.fromEntries(r.standards.map((s) => [s.id, s.verdict]));
    expect(verdicts(b!), `${b!.standards.map((s) => `${s.id}: ${s.verdict} ${s.detail}`).join('\n')}`).toEqual(verdicts(a));
    expect(b!.verdict).toBe(a.verdict);
    expect(reused.exitCode).toBe(fresh.exitCode);
    // The reused run's platform figures are its own calls: none of the 300 refused ones.
    const success = b!.standards.find((s) => s.id === 'platform-call-success');
    expect(success?.detail ?? '').not.toMatch(/30\d of/);
    expect(String(b!.config.platform_stats)).toMatch(/window/);
  }, 300_000);
});
