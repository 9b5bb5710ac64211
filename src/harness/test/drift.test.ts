import { describe, expect, it } from 'vitest';
import type { RunMeasurements } from '../../results/run-result.ts';
import { drifting, measureDrift, notJudged } from '../drift.ts';

const MB = 1024 * 1024;
interface Shape {
  seconds?: number;
  rss?: (t: number) => number;
  /** Heap after GC at a full collection every `gcEveryS` seconds. */
  heap?: (t: number) => number;
  gcEveryS?: number;
  lag?: (t: number) => number;
}
function run({ seconds = 120, rss = () => 80 * MB, heap, gcEveryS = 15, lag = () => 40 }: Shape): RunMeasurements {
  const ts = Array.from({ length: seconds }, (_, i) => (i + 1) * 1000);
  const gcs = ts.filter((t) => t % (gcEveryS * 1000) === 0);
  return {
    processes: [{
      role: 'stack', pid: 1, cpu: { series: [], avg: 0, max: 0 },
      rss: { series: ts.map((t) => ({ t, v: rss(t) })), max_bytes: 0 },
      ...(heap ? { heap_after_gc: { series: gcs.map((t) => ({ t, v: heap(t) })) } } : {}),
    }],
    lags: { order_ingest_lag: { hdr: '', count: 1, p50: 0, p95: 0, p99: 0, max: 0, series: ts.map((t) => ({ t, count: 5, p99: lag(t) })) } },
    metrics: {},
  } as unknown as RunMeasurements;
}
const named = (f: ReturnType<typeof measureDrift>, what: string) => f.find((x) => x.what === what)!;

describe('drift', () => {
  it('a short run whose RSS climbs while its heap after GC stays flat does not drift; RSS is reported as not judged', () => {
    const f = measureDrift(run({ rss: (t) => 100 * MB + (t / 60_000) * 25 * MB, heap: (t) => 30 * MB + ((t / 1000) % 2) * MB }));
    expect(drifting(f)).toEqual([]);
    expect(notJudged(named(f, 'stack rss'))).toMatch(/10 min or more/);
    expect(notJudged(named(f, 'stack heap after GC'))).toBeUndefined();
  });
  it('a heap that keeps what it allocates drifts', () => {
    const f = measureDrift(run({ heap: (t) => 30 * MB + (t / 60_000) * 40 * MB }));
    expect(drifting(f).map((x) => x.what)).toEqual(['stack heap after GC']);
    expect(named(f, 'stack heap after GC').per_min / MB).toBeCloseTo(40, 0);
  });
  it('a ledger growing a few MiB/min by design does not drift', () => {
    const f = measureDrift(run({ heap: (t) => 30 * MB + (t / 60_000) * 3 * MB }));
    expect(drifting(f)).toEqual([]);
  });
  it('over a long run, RSS that keeps climbing drifts even without heap figures (a native leak)', () => {
    const f = measureDrift(run({ seconds: 1800, rss: (t) => 100 * MB + (t / 60_000) * 40 * MB }));
    expect(drifting(f).map((x) => x.what)).toEqual(['stack rss']);
  });
  it('too few full collections: the heap is not judged, and says why', () => {
    const f = measureDrift(run({ seconds: 60, gcEveryS: 30, heap: (t) => t * MB }));
    expect(drifting(f)).toEqual([]);
    expect(notJudged(named(f, 'stack heap after GC'))).toBe('2 full collections after warm-up, 3 needed');
  });
  it('over an hour, a lag climbing 60 ms/min drifts although its mean climbs with it', () => {
    const f = measureDrift(run({ seconds: 3600, lag: (t) => 100 + t / 1000 }));
    expect(drifting(f).map((x) => x.what)).toEqual(['order_ingest_lag p99']);
  });
  it('a few slow seconds at the end of a short window (a busy machine) are not drift', () => {
    const f = measureDrift(run({ seconds: 90, lag: (t) => 60 + (t > 84_000 ? 900 : 0) }));
    expect(drifting(f)).toEqual([]);
  });
  it('a high lag rising a little over a short window is not drift: the rise is under its share of the mean', () => {
    const f = measureDrift(run({ seconds: 90, lag: (t) => 3000 + t / 1000 }));
    expect(named(f, 'order_ingest_lag p99').per_min).toBeCloseTo(60, 0);
    expect(drifting(f)).toEqual([]);
  });
  it('a process that had no full collection at all: its heap is reported, not judged', () => {
    const f = measureDrift(run({ seconds: 90, gcEveryS: 1000, heap: () => 0 }));
    expect(notJudged(named(f, 'stack heap after GC'))).toBe('0 full collections after warm-up, 3 needed');
  });
  it('a lag that keeps growing drifts', () => {
    const f = measureDrift(run({ lag: (t) => 40 + t / 100 }));
    expect(drifting(f).map((x) => x.what)).toEqual(['order_ingest_lag p99']);
  });
});
