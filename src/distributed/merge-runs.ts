/**
 * Merges the snapshots of one test split by execution segments (worker processes here, or pods
 * on several machines) into one registry, one group tree and the k6 end-of-test summary of the
 * whole test — exactly: counters, rates, sums, min/max and every HDR histogram bucket add up
 * (the registry's own `merge`), so a percentile of the merged Trend is the percentile a single
 * process that saw all the samples would report.
 *
 * What the merge decides itself:
 * - thresholds are evaluated again on the merged registry (each part's own verdict judged
 *   only its share: `count>100` fails in every quarter of a test that passes it whole);
 * - the test's duration is the longest part's (the parts run side by side);
 * - `vus` and `vus_max` count each instance's own VUs, so they add up across parts (the
 *   merged max is the sum of the parts' maxima: an upper bound when their peaks did not
 *   coincide); every other Gauge keeps the latest sample, as the registry merges them;
 * - the exit code: a part that failed for a reason other than thresholds (104, 107, 108, a
 *   crash) makes the merge fail with that code; otherwise 99 when a merged threshold failed.
 */
import { MetricsRegistry } from '../runtime/metrics/registry.ts';
import type { GaugeSink } from '../runtime/metrics/sinks.ts';
import { buildSummaryData, GroupTree, legacySummaryExport, textSummary, type SummaryData, type SummaryGroup } from '../runtime/summary/index.ts';
import { parseThresholds, ThresholdEvaluator } from '../runtime/thresholds/index.ts';
import { DistributedError } from './distributed-errors.ts';
import type { RunSnapshot } from '../runtime/run-snapshot.ts';
import { checkSegmentCoverage } from './segment-coverage.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';

/** Gauges whose value is per instance, so the whole test's value is the sum. */
const ADDITIVE_GAUGES = ['vus', 'vus_max'];

export interface MergedRun {
  readonly registry: MetricsRegistry;
  readonly summary: SummaryData;
  readonly exitCode: number;
  /** Why the exit code is not 0, one line per reason. */
  readonly reasons: string[];
  readonly testRunDurationMs: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface MergeOptions {
  /** Labels for messages, one per snapshot (file names, worker numbers). */
  readonly labels?: readonly string[];
  readonly noColor?: boolean;
  readonly isStdOutTTY?: boolean;
  readonly isStdErrTTY?: boolean;
}

/**
 * Checks that the snapshots are the parts of one test (same script, thresholds and summary
 * options; segments that tile [0,1] exactly once) and merges them. Throws PD_DIST_SEGMENTS or
 * PD_DIST_MISMATCH with every problem found.
 */
export function mergeRuns(snaps: readonly RunSnapshot[], opts: MergeOptions = {}): MergedRun {
  const label = (i: number) => opts.labels?.[i] ?? `part ${i + 1}`;
  const coverage = checkSegmentCoverage(snaps.map((s, i) => ({ label: label(i), segment: s.segment, sequence: s.sequence })));
  if (!coverage.ok) throw new DistributedError('PD_DIST_SEGMENTS', coverage.problems.join('; '));
  const mismatch = mismatches(snaps, label);
  if (mismatch.length > 0) throw new DistributedError('PD_DIST_MISMATCH', mismatch.join('; '));

  const first = snaps[0] as RunSnapshot;
  const registry = new MetricsRegistry({ origin: Math.min(...snaps.map((s) => s.metrics.origin)) });
  for (const s of snaps) registry.merge(s.metrics);
  addGauges(registry, snaps);

  const groups = new GroupTree();
  for (const s of snaps) mergeGroup(groups, s.root_group, []);

  const parsed = parseThresholds(first.options.thresholds ?? {});
  if (parsed.errors.length > 0) throw new DistributedError('PD_DIST_MISMATCH', `the snapshots' thresholds do not parse: ${parsed.errors.join('; ')}`);
  const evaluator = parsed.thresholds.length > 0 ? new ThresholdEvaluator(registry, parsed.thresholds) : null;
  const invalid = evaluator?.validate() ?? [];
  if (invalid.length > 0) throw new DistributedError('PD_DIST_MISMATCH', invalid.join('; '));

  const testRunDurationMs = Math.max(...snaps.map((s) => s.test_run_duration_ms));
  const summary = buildSummaryData({
    registry,
    evaluator,
    groups,
    options: { summaryTrendStats: [...first.options.summaryTrendStats], summaryTimeUnit: first.options.summaryTimeUnit, noColor: opts.noColor === true },
    testRunDurationMs,
    isStdOutTTY: opts.isStdOutTTY ?? false,
    isStdErrTTY: opts.isStdErrTTY ?? false,
  });

  const reasons: string[] = [];
  let exitCode: number = ExitCode.OK;
  snaps.forEach((s, i) => {
    if (s.exit_code !== ExitCode.OK && s.exit_code !== ExitCode.THRESHOLDS_FAILED) {
      reasons.push(`${label(i)} (${s.segment}) exited ${s.exit_code}`);
      if (exitCode === ExitCode.OK) exitCode = s.exit_code;
    }
  });
  const failed = Object.entries(summary.metrics).flatMap(([m, sm]) =>
    Object.entries(sm.thresholds ?? {})
      .filter(([, t]) => !t.ok)
      .map(([expr]) => `${m}: ${expr}`),
  );
  if (failed.length > 0) {
    reasons.push(`thresholds failed on the merged run: ${failed.join(', ')}`);
    if (exitCode === ExitCode.OK) exitCode = ExitCode.THRESHOLDS_FAILED;
  }
  return {
    registry,
    summary,
    exitCode,
    reasons,
    testRunDurationMs,
    startedAt: Math.min(...snaps.map((s) => s.started_at)),
    endedAt: Math.max(...snaps.map((s) => s.ended_at)),
  };
}

/** The k6 end-of-test text summary and the legacy `--summary-export` JSON of a merged run. */
export function renderMerged(m: MergedRun, opts: { color?: boolean } = {}): { text: string; summaryExport: unknown } {
  return { text: '\n' + textSummary(m.summary, { enableColors: opts.color === true }) + '\n', summaryExport: legacySummaryExport(m.summary) };
}

function mismatches(snaps: readonly RunSnapshot[], label: (i: number) => string): string[] {
  const first = snaps[0] as RunSnapshot;
  const out: string[] = [];
  const key = (s: RunSnapshot) => JSON.stringify([s.options.thresholds ?? {}, s.options.summaryTrendStats, s.options.summaryTimeUnit ?? null]);
  snaps.forEach((s, i) => {
    if (i === 0) return;
    if (basename(s.script) !== basename(first.script)) out.push(`${label(i)} ran ${s.script}, ${label(0)} ran ${first.script}`);
    if (key(s) !== key(first)) out.push(`${label(i)} has other thresholds or summary options than ${label(0)}`);
  });
  return out;
}

/** Scripts are compared by file name: machines mount the same bundle at different paths. */
function basename(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

function addGauges(registry: MetricsRegistry, snaps: readonly RunSnapshot[]): void {
  for (const name of ADDITIVE_GAUGES) {
    const m = registry.get(name);
    if (!m || m.type !== 'gauge') continue;
    const sink = m.sink as GaugeSink;
    let value = 0;
    let min = 0;
    let max = 0;
    let seen = 0;
    for (const s of snaps) {
      const g = s.metrics.metrics.find((x) => x.name === name)?.sink;
      if (g?.type !== 'gauge' || g.count === 0) continue;
      value += g.value;
      min += g.min;
      max += g.max;
      seen++;
    }
    if (seen === 0) continue;
    sink.value = value;
    sink.min = min;
    sink.max = max;
  }
}

/** Adds one part's checks into the tree, keeping first-seen order of groups and checks. */
function mergeGroup(tree: GroupTree, g: SummaryGroup, path: readonly string[]): void {
  const node = tree.group(path);
  for (const c of g.checks) {
    let target = node.checks.find((x) => x.name === c.name);
    if (!target) {
      // GroupTree creates checks only by recording a result; record one, then set the counts.
      tree.check(path, c.name, true);
      target = node.checks.find((x) => x.name === c.name);
      if (!target) continue;
      target.passes -= 1;
    }
    target.passes += c.passes;
    target.fails += c.fails;
  }
  for (const sub of g.groups) mergeGroup(tree, sub, [...path, sub.name]);
}
