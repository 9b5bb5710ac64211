/**
 * compareRuns: a current run against one or more baseline runs, figure by figure and standard
 * by standard, each with its change and a verdict that allows for run-to-run noise (see
 * tolerances.ts for the band and noise-band.ts for the arithmetic).
 *
 * Standards: the measured figure is judged by the same band as a metric figure of its unit.
 * A standard that newly fails is `worse` unless its measured change is within noise (a p99 of
 * 495 ms then 505 ms against a 500 ms limit: the run fails its standard, and says so itself,
 * but nothing regressed); one that was failing in any baseline run cannot newly fail.
 */
import type { RunResult } from '../results/run-result.ts';
import type { StandardJudgment } from '../results/run-result.ts';
import { CompareError } from './compare-errors.ts';
import type { Comparison, FigureRow, RowVerdict, RunRef, StandardRow } from './comparison.ts';
import { extractFigures, figureIdForStat, type Direction, type Figure } from './figures.ts';
import { judgeChange, median, percentileJudgeable, rateNoise, samplesNeeded, type Band } from './noise-band.ts';
import { isIgnored, toleranceFor, type Tolerances, type ToleranceKind } from './tolerances.ts';

export interface LoadedRun {
  source: string;
  result: RunResult;
}

const refOf = (r: LoadedRun): RunRef => ({
  source: r.source,
  scenario: r.result.scenario,
  started_at: r.result.started_at,
  verdict: r.result.verdict,
  trusted: r.result.trust.trusted,
});

const VERDICTS: readonly RowVerdict[] = ['better', 'same', 'worse', 'missing', 'info'];

export function compareRuns(baselines: readonly LoadedRun[], current: LoadedRun, tol: Tolerances): Comparison {
  if (baselines.length === 0) throw new CompareError('PD_CMP_NO_RUN', 'no baseline run to compare with');
  const other = baselines.find((b) => b.result.scenario !== current.result.scenario);
  if (other) {
    throw new CompareError('PD_CMP_SCENARIO_MISMATCH', `the baseline ${other.source} is a ${other.result.scenario} run, the current ${current.source} a ${current.result.scenario} run`);
  }
  const baseFigures = baselines.map((b) => new Map(extractFigures(b.result).map((f) => [f.id, f])));
  const curFigures = new Map(extractFigures(current.result).map((f) => [f.id, f]));
  const ids = [...curFigures.keys(), ...new Set(baseFigures.flatMap((m) => [...m.keys()]).filter((id) => !curFigures.has(id)))];

  const figures = ids.map((id) => figureRow(id, baseFigures.map((m) => m.get(id)), curFigures.get(id), tol));
  const standards = standardRows(baselines, current, baseFigures, curFigures, tol);

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<RowVerdict, number>;
  for (const r of [...figures, ...standards]) counts[r.verdict]++;
  const regressions = [...figures.filter((r) => r.verdict === 'worse').map((r) => r.id), ...standards.filter((r) => r.verdict === 'worse').map((r) => `standard:${r.id}`)];
  return {
    scenario: current.result.scenario,
    baseline_runs: baselines.map(refOf),
    current: refOf(current),
    tolerances: tol,
    figures,
    standards,
    counts,
    regression: regressions.length > 0,
    regressions,
    warnings: [...warningsFor(baselines, current), ...busyMachine(figures)],
  };
}

function row(id: string, f: Figure, baseVals: (number | null)[], current: number | null, verdict: RowVerdict, band?: Band, note?: string): FigureRow {
  const present = baseVals.filter((v): v is number => v !== null);
  const baseline = present.length > 0 ? median(present) : null;
  const change = baseline !== null && current !== null ? current - baseline : null;
  return {
    id,
    kind: f.kind,
    unit: f.unit,
    direction: f.direction,
    baseline,
    baseline_values: baseVals,
    current,
    change,
    change_ratio: band ? band.change_ratio : change !== null && baseline !== null && baseline !== 0 ? change / Math.abs(baseline) : null,
    allowed: band ? band.allowed : null,
    verdict,
    ...(note !== undefined ? { note } : {}),
  };
}

function figureRow(id: string, base: (Figure | undefined)[], cur: Figure | undefined, tol: Tolerances): FigureRow {
  const shape = (cur ?? base.find((b) => b !== undefined)) as Figure;
  const baseVals = base.map((b) => (b ? b.value : null));
  const present = base.filter((b): b is Figure => b !== undefined);
  if (!cur) return row(id, shape, baseVals, null, 'missing', undefined, 'not in the current run');
  if (present.length === 0) return row(id, shape, baseVals, cur.value, 'missing', undefined, 'not in the baseline');
  if (isIgnored(tol, id)) return row(id, shape, baseVals, cur.value, 'info', undefined, 'ignored by the tolerances');
  if (shape.direction === 'none') return row(id, shape, baseVals, cur.value, 'info', undefined, 'no better or worse direction: shown for context');
  if (cur.percentile !== undefined) {
    const thin = [cur, ...present].find((f) => f.samples !== undefined && !percentileJudgeable(f.samples, f.percentile ?? 0, tol.min_tail_samples));
    if (thin) {
      const note = `too few samples to judge: ${thin.samples} (p${cur.percentile} needs ${samplesNeeded(cur.percentile, tol.min_tail_samples)})`;
      return row(id, shape, baseVals, cur.value, 'info', undefined, note);
    }
  }
  const t = toleranceFor(tol, shape.kind, id);
  const values = present.map((f) => f.value);
  const extra = shape.kind === 'rate' ? rateNoise(median(values), mean(present.map((f) => f.total ?? 0)), cur.value, cur.total ?? 0, t.z ?? 0) : 0;
  const band = judgeChange(values, cur.value, shape.direction, t, tol.spread_factor, extra);
  return row(id, shape, baseVals, cur.value, band.verdict, band);
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

const KIND_OF_UNIT: Record<string, ToleranceKind> = { ms: 'latency', ratio: 'rate', count: 'count', per_s: 'count', value: 'count' };

function directionOf(j: StandardJudgment): Direction {
  return j.op === '<=' || j.op === '<' ? 'lower-is-better' : j.op === '>=' || j.op === '>' ? 'higher-is-better' : 'none';
}

function baselineVerdict(js: (StandardJudgment | undefined)[]): string {
  if (js.every((j) => j?.verdict === 'pass')) return 'pass';
  if (js.some((j) => j?.verdict === 'fail')) return 'fail';
  return js.find((j) => j !== undefined && j.verdict !== 'pass')?.verdict ?? 'absent';
}

function standardRows(
  baselines: readonly LoadedRun[],
  current: LoadedRun,
  baseFigures: Map<string, Figure>[],
  curFigures: Map<string, Figure>,
  tol: Tolerances,
): StandardRow[] {
  const ids = [...new Set([...current.result.standards.map((s) => s.id), ...baselines.flatMap((b) => b.result.standards.map((s) => s.id))])];
  return ids.map((id) => {
    const cur = current.result.standards.find((s) => s.id === id);
    const base = baselines.map((b) => b.result.standards.find((s) => s.id === id));
    const any = (cur ?? base.find((b) => b !== undefined)) as StandardJudgment;
    const baseVals = base.map((b) => (b && b.measured !== null && b.verdict !== 'disabled' ? b.measured : null)).filter((v): v is number => v !== null);
    const out: StandardRow = {
      id,
      title: any.title,
      limit_text: any.limit_text,
      unit: any.unit,
      baseline_verdict: baselineVerdict(base),
      current_verdict: cur?.verdict ?? 'absent',
      baseline: baseVals.length > 0 ? median(baseVals) : null,
      current: cur && cur.verdict !== 'disabled' ? cur.measured : null,
      change: null,
      change_ratio: null,
      allowed: null,
      verdict: 'info',
    };
    if (out.baseline !== null && out.current !== null) {
      out.change = out.current - out.baseline;
      out.change_ratio = out.baseline === 0 ? null : out.change / Math.abs(out.baseline);
    }
    if (out.current_verdict === 'disabled' || out.baseline_verdict === 'disabled') return { ...out, note: 'disabled on one side' };
    if (out.current === null && out.baseline === null) return { ...out, note: 'not measured on either side' };
    if (out.current === null) return { ...out, verdict: 'missing', note: cur ? 'not measured in the current run' : 'not in the current run' };
    if (out.baseline === null) return { ...out, verdict: 'missing', note: 'not measured in the baseline' };

    const figId = any.metric && any.stat ? figureIdForStat(any.metric, any.stat) : undefined;
    const curFig = figId ? curFigures.get(figId) : undefined;
    const thin = curFig?.percentile !== undefined && [curFig, ...baseFigures.map((m) => m.get(figId as string))].some((f) => f?.samples !== undefined && !percentileJudgeable(f.samples, f.percentile ?? 0, tol.min_tail_samples));
    const kind = KIND_OF_UNIT[any.unit] ?? 'count';
    const t = toleranceFor(tol, kind, figId ?? `standard:${id}`);
    const baseTotals = baseFigures.map((m) => (figId ? m.get(figId)?.total : undefined)).filter((n): n is number => n !== undefined);
    const extra = kind === 'rate' ? rateNoise(out.baseline, mean(baseTotals), out.current, curFig?.total ?? 0, t.z ?? 0) : 0;
    const band = judgeChange(baseVals, out.current, directionOf(any), t, tol.spread_factor, extra);
    out.allowed = band.allowed;
    // A flip is judged by the band even on thin samples: the run did cross its limit, but a
    // move the band allows (a p99 of 285 samples wobbling across 200 ms) is not a regression.
    const withinNoise = band.verdict === 'same';
    if (out.baseline_verdict === 'pass' && out.current_verdict === 'fail') {
      return withinNoise ? { ...out, verdict: 'same', note: 'fails its limit now, but moved within run-to-run noise' } : { ...out, verdict: 'worse', note: 'newly fails its limit' };
    }
    if (out.baseline_verdict === 'fail' && out.current_verdict === 'pass') {
      return withinNoise ? { ...out, verdict: 'same', note: 'passes now, but moved within run-to-run noise' } : { ...out, verdict: 'better', note: 'passes now' };
    }
    if (thin) return { ...out, note: 'too few samples to judge the change' };
    return { ...out, verdict: band.verdict };
  });
}

function warningsFor(baselines: readonly LoadedRun[], current: LoadedRun): string[] {
  const w: string[] = [];
  const c = current.result;
  if (baselines.length === 1) w.push('one baseline run: run-to-run noise comes from the tolerances alone (store several baseline runs to measure it)');
  if (c.status !== 'completed') w.push(`the current run was ${c.status}: its figures cover part of the run`);
  if (!c.trust.trusted) w.push(`the current run is untrusted (${c.trust.reasons.join('; ')}): latency changes may be the generator's, not the stack's`);
  const shape = (r: RunResult) => JSON.stringify({ scale: r.scale, env: r.config.env ?? null, catalog: r.config.catalog ?? null, initial_stock: r.config.initial_stock ?? null });
  for (const b of baselines) {
    const r = b.result;
    if (r.status !== 'completed') w.push(`the baseline ${b.source} was ${r.status}`);
    if (!r.trust.trusted) w.push(`the baseline ${b.source} is untrusted`);
    if (shape(r) !== shape(c)) w.push(`the baseline ${b.source} ran another shape (${shape(r)} vs ${shape(c)}): changes may be the shape's`);
    if (r.machine.cpus !== c.machine.cpus || r.machine.cpu_model !== c.machine.cpu_model) {
      w.push(`the baseline ${b.source} ran on another machine (${r.machine.cpus} × ${r.machine.cpu_model} vs ${c.machine.cpus} × ${c.machine.cpu_model})`);
    }
  }
  return [...new Set(w)];
}

/**
 * The generator's own scheduling delay is the machine's pulse: when it rose beyond noise, the
 * whole machine was busier (on a shared CI runner, a neighbour), and latencies everywhere rise
 * with it. Said next to the regressions so a reader looks there first; it judges nothing.
 */
function busyMachine(figures: readonly FigureRow[]): string[] {
  const rose = figures.filter((f) => f.id.startsWith('iteration_start_delay:') && f.verdict === 'worse');
  if (rose.length === 0) return [];
  const what = rose.map((f) => `${f.id} ${f.baseline?.toFixed(1)} -> ${f.current?.toFixed(1)} ms`).join(', ');
  return [`the generator itself started iterations later than in the baseline (${what}): the machine was busier, so latency changes may be the machine's, not the stack's`];
}
