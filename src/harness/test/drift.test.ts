import { describe, expect, it } from 'vitest';
import type { RunMeasurements } from '../../results/run-result.ts';
import { drifting, measureDrift } from '../drift.ts';

const MB = 1024 * 1024;
function run(rss: (t: number) => number, lagP99: (t: number) => number): RunMeasurements {
  const ts = Array.from({ length: 120 }, (_, i) => (i + 1) * 1000);
  return {
    processes: [{ role: 'stack', pid: 1, cpu: { series: [], avg: 0, max: 0 }, rss: { series: ts.map((t) => ({ t, v: rss(t) })), max_bytes: 0 } }],
    lags: { order_ingest_lag: { hdr: '', count: 1, p50: 0, p95: 0, p99: 0, max: 0, series: ts.map((t) => ({ t, count: 5, p99: lagP99(t) })) } },
    metrics: {},
  } as unknown as RunMeasurements;
}

describe('drift', () => {
  it('flat memory and lags after warm-up do not drift', () => {
    const f = measureDrift(run((t) => (t < 30_000 ? 50 * MB + t * 500 : 80 * MB + ((t / 1000) % 3) * MB), () => 40));
    expect(drifting(f)).toEqual([]);
  });
  it('a leak drifts', () => {
    const f = measureDrift(run((t) => 100 * MB + (t / 60_000) * 40 * MB, () => 40));
    expect(drifting(f).map((x) => x.what)).toEqual(['stack rss']);
    expect(f[0]!.per_min / MB).toBeCloseTo(40, 0);
  });
  it('a lag that keeps growing drifts', () => {
    const f = measureDrift(run(() => 80 * MB, (t) => 40 + t / 100));
    expect(drifting(f).map((x) => x.what)).toEqual(['order_ingest_lag p99']);
  });
});
