/**
 * Judging: each standard in force, against one run's measurements. Metric standards read the
 * metric's HDR histogram when there is one (any percentile, exactly as recorded), else the
 * runtime's summary value; lags come from `lags`. Accuracy standards read the reconciliation.
 * A standard with nothing to read is `not-measured`, never a silent pass.
 */
import { HdrView } from '../results/hdr-view.ts';
import type { LagMetric, Operator, RunMeasurements, StandardJudgment } from '../results/run-result.ts';
import { CHECKS } from './accuracy-checks.ts';
import { callRateDetail } from './call-rate-detail.ts';
import { formatCount, formatLimit, formatMs, formatPercent, formatValue } from './format.ts';
import { isKnownMetric, METRICS } from './metric-names.ts';
import { parseStat, statKey } from './stat.ts';
import type { Stat } from './stat.ts';
import type { AccuracyStandard, MetricStandard, Standard, Standards } from './standard.ts';

type Figure = { value: number; detail: string } | { notMeasured: string };

export function compare(measured: number, op: Operator, limit: number): boolean {
  switch (op) {
    case '<=':
      return measured <= limit;
    case '<':
      return measured < limit;
    case '>=':
      return measured >= limit;
    case '>':
      return measured > limit;
    case '==':
      return measured === limit;
  }
}

function histogramOf(r: RunMeasurements, metric: string): HdrView | undefined {
  const encoded = r.metrics[metric]?.hdr ?? r.lags[metric as LagMetric]?.hdr;
  return encoded === undefined ? undefined : HdrView.decode(encoded);
}

function trendFigure(r: RunMeasurements, metric: string, stat: Stat): Figure {
  const h = histogramOf(r, metric);
  if (h) {
    if (h.count === 0) return { notMeasured: `no ${metric} sample was recorded` };
    const [p50 = 0, p95 = 0, p99 = 0, asked = 0] = h.percentiles([50, 95, 99, stat.kind === 'percentile' ? stat.p : 50]);
    const value = stat.kind === 'avg' ? h.meanMs : stat.kind === 'min' ? h.minMs : stat.kind === 'max' ? h.maxMs : asked;
    const detail = `${formatCount(h.count)} samples; p50 ${formatMs(p50)}, p95 ${formatMs(p95)}, p99 ${formatMs(p99)}, max ${formatMs(h.maxMs)}`;
    return { value, detail };
  }
  const v = r.metrics[metric]?.values[statKey(stat)];
  if (v === undefined) {
    return { notMeasured: r.metrics[metric] ? `${metric} has no histogram and its summary lacks ${statKey(stat)}` : `${metric} was not recorded` };
  }
  return { value: v, detail: `from the runtime's summary (no histogram kept)` };
}

function metricFigure(s: MetricStandard, r: RunMeasurements): Figure {
  const parsed = parseStat(s.stat);
  if (!parsed.ok || !isKnownMetric(s.metric)) return { notMeasured: `invalid standard: ${s.metric} ${s.stat}` };
  const def = METRICS[s.metric];
  if (def.type === 'trend') return trendFigure(r, s.metric, parsed.stat);
  const m = r.metrics[s.metric];
  if (!m) return { notMeasured: r.unmeasured?.[s.metric] ?? `${s.metric} was not recorded` };
  if (def.type === 'rate') {
    const passes = m.values.passes ?? 0;
    const fails = m.values.fails ?? 0;
    const rate = m.values.rate;
    if (passes + fails === 0 || rate === undefined) return { notMeasured: `no ${s.metric} sample was recorded` };
    return { value: rate, detail: `${formatCount(fails)} of ${formatCount(passes + fails)} failed (${formatPercent(rate)} succeeded)` };
  }
  const v = m.values[statKey(parsed.stat)];
  if (v === undefined) return { notMeasured: `${s.metric} has no ${statKey(parsed.stat)} value` };
  return { value: v, detail: s.metric === 'calls_over_rate_limit' && r.call_rates ? callRateDetail(r.call_rates) : '' };
}

function accuracyFigure(s: AccuracyStandard, r: RunMeasurements): Figure {
  if (!r.reconciliation) return { notMeasured: 'the run ended before the reconciliation' };
  const f = CHECKS[s.check].measure(r.reconciliation);
  if ('notMeasured' in f) return f;
  const drain = r.reconciliation.drained ? '' : ' (the drain timed out: sync had not settled when the ledger was taken)';
  return { value: f.value, detail: f.detail + drain };
}

export function limitText(s: Standard): string {
  return formatLimit(s.kind === 'metric' ? s.stat : undefined, s.op, s.limit, s.unit);
}

/** One standard on one run. `overrideReason` is shown when the user changed its limit. */
export function judgeStandard(s: Standard, r: RunMeasurements, overrideReason?: string): StandardJudgment {
  const f = s.kind === 'metric' ? metricFigure(s, r) : accuracyFigure(s, r);
  const note = overrideReason ? ` [limit overridden: ${overrideReason}]` : '';
  const base = {
    id: s.id,
    title: s.title,
    kind: s.kind,
    limit_text: limitText(s),
    op: s.op,
    limit: s.limit,
    ...(s.kind === 'metric' ? { metric: s.metric, stat: s.stat } : { check: s.check }),
    unit: s.unit,
    grounding: s.grounding,
  };
  if ('notMeasured' in f) {
    return { ...base, measured: null, measured_text: '—', verdict: 'not-measured', detail: f.notMeasured + note };
  }
  const ok = compare(f.value, s.op, s.limit);
  const verdictText = ok ? '' : `${formatValue(f.value, s.unit)} breaks ${limitText(s)}`;
  const detail = [verdictText, f.detail].filter((x) => x !== '').join('; ') + note;
  return {
    ...base,
    measured: f.value,
    measured_text: formatValue(f.value, s.unit),
    verdict: ok ? 'pass' : 'fail',
    detail,
  };
}

/** Every standard in force, in order, then the disabled ones with the reason given. */
export function judge(standards: Standards, r: RunMeasurements): StandardJudgment[] {
  const judged = standards.standards.map((s) => judgeStandard(s, r, standards.overridden[s.id]));
  for (const d of standards.disabled) {
    judged.push({
      id: d.id,
      title: d.title,
      kind: d.kind,
      limit_text: 'disabled',
      measured: null,
      measured_text: '—',
      unit: d.unit,
      verdict: 'disabled',
      detail: `disabled by ${d.by ?? 'the override file'}: ${d.reason}`,
      grounding: d.grounding,
    });
  }
  return judged;
}
