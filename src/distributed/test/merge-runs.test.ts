/**
 * Merge exactness: snapshots of registries that each saw a share of the samples, merged,
 * give what one registry fed every sample gives — counts, rates, min/max and every
 * percentile of every Trend exactly (the HDR buckets add up), sums up to float rounding.
 * Plus what the merge decides itself: checks add up, thresholds are judged on the whole,
 * vus/vus_max add up, and parts of different tests are refused.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import { mulberry32 as prng } from '../../../lib/random/mulberry32.ts'; // deterministic, so a failure replays
import { defineBuiltins, MetricsRegistry } from '../../runtime/metrics/registry.ts';
import { rangeFor, type TrendSink } from '../../runtime/metrics/trend-sink.ts';
import { buildSummaryData, GroupTree } from '../../runtime/summary/index.ts';
import { DistributedError } from '../distributed-errors.ts';
import { mergeRuns } from '../merge-runs.ts';
import { readSnapshots } from '../read-snapshots.ts';
import { RUN_SNAPSHOT_FORMAT, snapshotProblems, writeRunSnapshot, type RunSnapshot } from '../../runtime/run-snapshot.ts';
import { readRunSnapshot } from '../read-snapshots.ts';

const tmp = mkdtempSync(join(tmpdir(), 'peakday-merge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const T0 = 1_764_000_000_000;
const THRESHOLDS = { iterations: ['count>=3000'], 'http_req_duration{status:200}': ['p(95)<400'], checks: ['rate>0.5'] };

interface Part {
  registry: MetricsRegistry;
  groups: GroupTree;
}
function newPart(): Part {
  const registry = new MetricsRegistry({ origin: T0 });
  defineBuiltins(registry);
  registry.define('orders_placed', 'counter');
  registry.define('order_lag', 'trend', 'time');
  registry.define('basket_size', 'trend');
  registry.submetric('http_req_duration{status:200}');
  return { registry, groups: new GroupTree() };
}

/** Feeds `n` samples of a made-up test to the whole and, round robin by iteration, to the parts. */
function feed(whole: Part, parts: Part[], n: number, seed: number): void {
  const rnd = prng(seed);
  for (let i = 0; i < n; i++) {
    const t = T0 + Math.floor(i * 2.5);
    const ms = rnd() < 0.02 ? 300 + rnd() * 4000 : 2 + rnd() * rnd() * 250; // a long tail
    const status = rnd() < 0.1 ? '500' : '200';
    const ok = status === '200';
    const basket = Math.floor(rnd() * 12) - 1; // a few negatives: custom Trends allow them
    for (const p of [whole, parts[i % parts.length] as Part]) {
      p.registry.add('http_reqs', 1, { status }, t);
      p.registry.add('http_req_duration', ms, { status }, t);
      p.registry.add('http_req_failed', ok ? 0 : 1, { status }, t);
      p.registry.add('iterations', 1, {}, t);
      p.registry.add('order_lag', ms * 3.7, {}, t);
      p.registry.add('basket_size', basket, {}, t);
      if (i % 3 === 0) p.registry.add('orders_placed', 2, {}, t);
      p.registry.add('checks', ok ? 1 : 0, {}, t);
      p.groups.check(['place order'], 'status is 200', ok);
      p.groups.check([], 'responded', true);
    }
  }
}

function snapshotOf(p: Part, segment: string, sequence: string | null, durationMs: number): RunSnapshot {
  p.registry.add('vus_max', 10, {}, T0);
  const summary = buildSummaryData({ registry: p.registry, evaluator: null, groups: p.groups, options: {}, testRunDurationMs: durationMs, isStdOutTTY: false, isStdErrTTY: false });
  return {
    format: RUN_SNAPSHOT_FORMAT,
    script: '/a/b/test.cjs',
    segment,
    sequence,
    exit_code: 99, // each part failed `iterations count>=3000` on its own share
    started_at: T0,
    ended_at: T0 + durationMs,
    test_run_duration_ms: durationMs,
    options: { thresholds: THRESHOLDS, summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(99)', 'p(99.9)', 'count'] },
    root_group: summary.root_group,
    // through JSON, as it crosses the process boundary
    metrics: JSON.parse(JSON.stringify(p.registry.snapshot())),
  };
}

const SEQ = '0,1/3,2/3,1';
function threeParts(n = 6000, seed = 7) {
  const whole = newPart();
  const parts = [newPart(), newPart(), newPart()];
  feed(whole, parts, n, seed);
  const snaps = [snapshotOf(parts[0] as Part, '0:1/3', SEQ, 15_000), snapshotOf(parts[1] as Part, '1/3:2/3', SEQ, 15_200), snapshotOf(parts[2] as Part, '2/3:1', SEQ, 14_900)];
  return { whole, snaps };
}

describe('mergeRuns: exactness', () => {
  const { whole, snaps } = threeParts();
  const merged = mergeRuns(snaps);

  it('every counter, rate and Trend statistic equals the single registry fed all samples', () => {
    const stats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(99)', 'p(99.9)', 'count'];
    const ref = buildSummaryData({ registry: whole.registry, evaluator: null, groups: whole.groups, options: { summaryTrendStats: stats }, testRunDurationMs: 15_200, isStdOutTTY: false, isStdErrTTY: false });
    for (const name of ['http_reqs', 'iterations', 'orders_placed', 'http_req_failed', 'checks', 'http_req_duration', 'order_lag', 'basket_size', 'http_req_duration{status:200}']) {
      const want = ref.metrics[name]?.values ?? {};
      const got = merged.summary.metrics[name]?.values ?? {};
      expect(Object.keys(got).sort(), name).toEqual(Object.keys(want).sort());
      for (const [k, v] of Object.entries(want)) {
        // sums (hence avg) add in another order: equal up to float rounding; the rest exactly
        if (k === 'avg') expect(got[k], `${name} ${k}`).toBeCloseTo(v, 9);
        else expect(got[k], `${name} ${k}`).toBe(v);
      }
    }
    expect(merged.summary.metrics.iterations?.values.count).toBe(6000);
  });

  it('the merged HDR histograms are bucket for bucket the single one', () => {
    for (const name of ['http_req_duration', 'order_lag', 'basket_size']) {
      const a = (whole.registry.get(name)?.sink as TrendSink).hist;
      const m = merged.registry.get(name);
      const sink = m?.sink as TrendSink;
      // through the encoded form, as reports and comparisons read it
      const b = LatencyHistogram.decode(sink.hist.encode(), rangeFor(m?.contains ?? 'default'));
      expect(b.count).toBe(a.count);
      for (let p = 0; p <= 100; p += 0.5) expect(b.percentile(p), `${name} p${p}`).toBe(a.percentile(p));
      expect(sink.negatives).toBe((whole.registry.get(name)?.sink as TrendSink).negatives);
    }
  });

  it('checks add up per group', () => {
    const byPath = (g: typeof merged.summary.root_group): Record<string, [number, number]> => ({
      ...Object.fromEntries(g.checks.map((c) => [c.path, [c.passes, c.fails] as [number, number]])),
      ...Object.assign({}, ...g.groups.map(byPath)),
    });
    const ref = buildSummaryData({ registry: whole.registry, evaluator: null, groups: whole.groups, options: {}, testRunDurationMs: 1, isStdOutTTY: false, isStdErrTTY: false });
    expect(byPath(merged.summary.root_group)).toEqual(byPath(ref.root_group));
    expect(merged.summary.root_group.checks[0]?.passes).toBe(6000);
  });

  it('thresholds are judged on the whole: the parts each failed count>=3000, the merge passes it', () => {
    expect(merged.summary.metrics.iterations?.thresholds).toEqual({ 'count>=3000': { ok: true } });
    expect(merged.summary.metrics['http_req_duration{status:200}']?.thresholds?.['p(95)<400']?.ok).toBe(true);
    expect(merged.exitCode).toBe(0);
    expect(merged.reasons).toEqual([]);
  });

  it('the duration is the longest part\'s and counter rates use it', () => {
    expect(merged.testRunDurationMs).toBe(15_200);
    expect(merged.summary.metrics.iterations?.values.rate).toBeCloseTo(6000 / 15.2, 9);
  });

  it('vus_max adds up across parts', () => {
    expect(merged.summary.metrics.vus_max?.values).toEqual({ value: 30, min: 30, max: 30 });
  });

  it('the series add up interval by interval', () => {
    const count = (r: MetricsRegistry) => (r.get('iterations')?.series?.list() ?? []).map((p) => [p.t, p.count, p.value]);
    expect(count(merged.registry)).toEqual(count(whole.registry));
  });
});

describe('mergeRuns: refusals and exit codes', () => {
  it('a missing segment is refused, naming it', () => {
    const { snaps } = threeParts(300);
    expect(() => mergeRuns([snaps[0] as RunSnapshot, snaps[2] as RunSnapshot])).toThrow(/PD_DIST_SEGMENTS|missing 1\/3:2\/3/);
    try {
      mergeRuns([snaps[0] as RunSnapshot, snaps[2] as RunSnapshot]);
    } catch (e) {
      expect((e as DistributedError).code).toBe('PD_DIST_SEGMENTS');
      expect((e as Error).message).toMatch(/missing 1\/3:2\/3/);
    }
  });

  it('parts of different tests (other thresholds, other script) are refused', () => {
    const { snaps } = threeParts(300);
    const other = { ...(snaps[1] as RunSnapshot), script: '/x/other.cjs', options: { ...(snaps[1] as RunSnapshot).options, thresholds: {} } };
    let err: DistributedError | undefined;
    try {
      mergeRuns([snaps[0] as RunSnapshot, other, snaps[2] as RunSnapshot], { labels: ['a.json', 'b.json', 'c.json'] });
    } catch (e) {
      err = e as DistributedError;
    }
    expect(err?.code).toBe('PD_DIST_MISMATCH');
    expect(err?.message).toMatch(/b\.json ran \/x\/other\.cjs, a\.json ran \/a\/b\/test\.cjs/);
    expect(err?.message).toMatch(/b\.json has other thresholds/);
  });

  it('a part that failed for another reason than thresholds fails the merge with its code', () => {
    const { snaps } = threeParts(300);
    const crashed = { ...(snaps[1] as RunSnapshot), exit_code: 107 };
    const m = mergeRuns([snaps[0] as RunSnapshot, crashed, snaps[2] as RunSnapshot]);
    expect(m.exitCode).toBe(107);
    expect(m.reasons.join('\n')).toMatch(/part 2 \(1\/3:2\/3\) exited 107/);
  });

  it('a threshold failing on the whole gives 99', () => {
    const { snaps } = threeParts(300); // 300 iterations < 3000
    const m = mergeRuns(snaps);
    expect(m.exitCode).toBe(99);
    expect(m.reasons.join('\n')).toMatch(/iterations: count>=3000/);
  });
});

describe('run snapshot files', () => {
  it('round-trip through a file and are found in a folder among other JSON', async () => {
    const { snaps } = threeParts(300);
    const dir = join(tmp, 'machine-a');
    mkdirSync(dir);
    await writeRunSnapshot(join(dir, 'part.json'), snaps[0] as RunSnapshot);
    writeFileSync(join(dir, 'summary-export.json'), '{"metrics":{}}');
    writeFileSync(join(dir, 'notes.json'), 'not json');
    const found = await readSnapshots([dir]);
    expect(found.map((f) => f.file)).toEqual([join(dir, 'part.json')]);
    expect(found[0]?.snapshot).toEqual(snaps[0]);
  });

  it('a folder with no snapshot is an error naming it and saying how to make one', async () => {
    const dir = join(tmp, 'empty');
    mkdirSync(dir);
    await expect(readSnapshots([dir])).rejects.toThrow(/no run snapshot found: folder ".*empty" holds no run snapshot \(write one with: peakday run <script>/);
    await expect(readSnapshots([join(tmp, 'nope')])).rejects.toThrow(/no such file or folder/);
  });

  it('a damaged snapshot names the file and what is wrong', async () => {
    const f = join(tmp, 'bad.json');
    writeFileSync(f, JSON.stringify({ format: RUN_SNAPSHOT_FORMAT, script: 1, segment: '0:1', sequence: null }));
    await expect(readRunSnapshot(f)).rejects.toThrow(/not a readable run snapshot: .*bad\.json: "script" must be a string; "exit_code" must be a number/);
  });

  const PROBLEM_CASES: { name: string; input: unknown; want: RegExp | null }[] = [
    { name: 'not an object', input: [1], want: /expected a JSON object/ },
    { name: 'another format', input: { format: 'peakday-metrics/1' }, want: /format "peakday-metrics\/1" is not/ },
    { name: 'sequence of the wrong type', input: { ...threeParts(10).snaps[0], sequence: 3 }, want: /"sequence" must be a string or null/ },
    { name: 'metrics not a registry snapshot', input: { ...threeParts(10).snaps[0], metrics: {} }, want: /"metrics" must be a registry snapshot/ },
    { name: 'a good one', input: threeParts(10).snaps[0], want: null },
  ];
  for (const c of PROBLEM_CASES) {
    it(`snapshotProblems: ${c.name}`, () => {
      const p = snapshotProblems(c.input);
      if (c.want === null) expect(p).toEqual([]);
      else expect(p.join('; ')).toMatch(c.want);
    });
  }
});
