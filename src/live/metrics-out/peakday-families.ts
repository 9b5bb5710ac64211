/**
 * peakday's own figures next to k6's, from a live frame (the run so far) or the final result:
 *   peakday_run_elapsed_seconds, peakday_run_final (0 while running, 1 at the end)
 *   peakday_run_verdict{verdict}                      1 for the verdict, at the end only
 *   peakday_standard_ok{standard,kind}                1 on track / pass, 0 breaking / fail
 *   peakday_standard_measured{standard,unit}, peakday_standard_limit{standard,unit}
 *   peakday_<lag>_{p50,p95,p99,max} (seconds), peakday_<lag>_count   for the four lags
 *   peakday_platform_call_success_rate, peakday_webhook_acked_within_3s_rate
 *   peakday_reconciliation_<check>                    the ledger after the drain, at the end only
 *   peakday_process_cpu_percent / _resident_memory_bytes / _event_loop_delay_p99_seconds{role,pid}
 *   peakday_generator_iteration_start_delay_p99_seconds, peakday_faults_injected_total{kind}
 * Times in seconds (Prometheus's base unit) like k6's; a standard in ms is given in seconds with
 * unit="seconds", so its measured figure and its limit compare on one axis.
 */
import { LAG_METRICS } from '../../standards/metric-names.ts';
import type { RunResult } from '../../results/run-result.ts';
import type { LiveFrame } from '../live-feed.ts';
import type { Family } from './metric-family.ts';

const LAG_STATS = ['p50', 'p95', 'p99', 'max'] as const;

/** A standard's unit as exported, and the factor into it. */
function baseUnit(unit: string): { unit: string; factor: number } {
  return unit === 'ms' ? { unit: 'seconds', factor: 1 / 1000 } : { unit, factor: 1 };
}

function reconciliationFigures(r: RunResult): [string, number][] {
  const rec = r.reconciliation;
  if (!rec) return [];
  return [
    ['orders_checked', rec.orders_checked],
    ['shipments_checked', rec.shipments_checked],
    ['lost_orders', rec.lost_orders.count],
    ['oversold_orders', rec.oversold_orders.count],
    ['duplicate_allocations', rec.duplicate_allocations.count],
    ['duplicate_shipments', rec.duplicate_shipments.count],
    ['tracking_mismatches', rec.tracking_mismatches.count],
    ['inventory_cells_checked', rec.converged.checked],
    ['inventory_cells_mismatched', rec.converged.mismatched],
  ];
}

export function peakdayFamilies(frame: LiveFrame, common: Readonly<Record<string, string>>): Family[] {
  const r = frame.result;
  const out: Family[] = [];
  const gauge = (name: string, help: string, samples: { labels?: Record<string, string>; value: number | undefined }[]) => {
    const kept = samples.filter((s): s is { labels?: Record<string, string>; value: number } => s.value !== undefined && Number.isFinite(s.value));
    if (kept.length > 0) out.push({ name, type: 'gauge', help, samples: kept.map((s) => ({ labels: { ...s.labels, ...common }, value: s.value })) });
  };
  const final = frame.progress === undefined;
  gauge('peakday_run_elapsed_seconds', 'seconds since the load started', [{ value: (frame.progress?.elapsed_ms ?? r.ended_at - r.started_at) / 1000 }]);
  gauge('peakday_run_final', '1 once the run ended and was judged, 0 while it runs', [{ value: final ? 1 : 0 }]);
  if (final) gauge('peakday_run_verdict', "the run's verdict: 1 for the verdict label", [{ labels: { verdict: r.verdict }, value: 1 }]);

  const judged = r.standards.filter((j) => j.verdict === 'pass' || j.verdict === 'fail');
  gauge('peakday_standard_ok', 'per standard: 1 pass (on track so far), 0 fail (breaking so far)', judged.map((j) => ({ labels: { standard: j.id, kind: j.kind }, value: j.verdict === 'pass' ? 1 : 0 })));
  gauge('peakday_standard_measured', "per standard: the measured figure in the standard's unit (ms as seconds)", judged.map((j) => {
    const u = baseUnit(j.unit);
    return { labels: { standard: j.id, unit: u.unit }, value: j.measured === null ? undefined : j.measured * u.factor };
  }));
  gauge('peakday_standard_limit', "per standard: its limit in the standard's unit (ms as seconds)", r.standards.map((j) => {
    const u = baseUnit(j.unit);
    return { labels: { standard: j.id, unit: u.unit }, value: j.limit === undefined || j.verdict === 'disabled' ? undefined : j.limit * u.factor };
  }));

  for (const lag of LAG_METRICS) {
    const l = r.lags[lag];
    if (!l) continue;
    for (const s of LAG_STATS) gauge(`peakday_${lag}_${s}`, `${lag} ${s} over the run so far (seconds)`, [{ value: l[s] / 1000 }]);
    gauge(`peakday_${lag}_count`, `${lag}: samples measured so far`, [{ value: l.count }]);
  }
  for (const m of ['platform_call_success', 'webhook_acked_within_3s']) {
    gauge(`peakday_${m}_rate`, `${m}: share of successes so far`, [{ value: r.metrics[m]?.values.rate }]);
  }
  for (const [name, v] of reconciliationFigures(r)) gauge(`peakday_reconciliation_${name}`, `the ledger after the drain: ${name.replace(/_/g, ' ')}`, [{ value: v }]);

  const proc = (p: RunResult['processes'][number]) => ({ role: p.role, pid: String(p.pid) });
  gauge('peakday_process_cpu_percent', 'CPU of each process in its last sample, percent of one core', r.processes.map((p) => ({ labels: proc(p), value: p.cpu.series.at(-1)?.v })));
  gauge('peakday_process_resident_memory_bytes', 'resident memory of each process in its last sample', r.processes.map((p) => ({ labels: proc(p), value: p.rss.series.at(-1)?.v })));
  gauge('peakday_process_event_loop_delay_p99_seconds', "each process's event-loop delay p99 in its last sample", r.processes.map((p) => {
    const v = p.event_loop_delay?.series.at(-1)?.v;
    return { labels: proc(p), value: v === undefined ? undefined : v / 1000 };
  }));
  const delay = r.generator.iteration_start_delay_p99_ms;
  gauge('peakday_generator_iteration_start_delay_p99_seconds', 'how late iterations started, p99 so far (the trust figure)', [{ value: delay === undefined ? undefined : delay / 1000 }]);
  const faults = Object.entries(r.faults?.by_kind ?? {});
  if (faults.length > 0) out.push({ name: 'peakday_faults_injected', type: 'counter', help: 'faults the mock injected on purpose, by kind', samples: faults.map(([kind, n]) => ({ labels: { kind, ...common }, value: n })) });
  return out;
}
