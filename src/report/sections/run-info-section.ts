/** Faults injected, then what ran where: machine, versions, and the (redacted) configuration. */
import { formatBytes, formatCount } from '../../standards/format.ts';
import type { BreakCpu, RunResult, TopLoad } from '../../results/run-result.ts';
import { esc } from '../escape-html.ts';
import { htmlTable } from './html-table.ts';

export function faultsSection(r: RunResult): string {
  if (!r.faults || r.faults.total === 0) return `<section id="faults"><h2>Faults injected</h2><p>None: the platform behaved.</p></section>`;
  const rows = Object.entries(r.faults.by_kind).map(([k, n]) => [`<span class="mono">${esc(k)}</span>`, esc(formatCount(n))]);
  rows.push(['<b>total</b>', `<b>${esc(formatCount(r.faults.total))}</b>`]);
  return `<section id="faults"><h2>Faults injected</h2><p>Injected on purpose by the mock; platform calls they failed are excluded from the success-rate standard, and accuracy must hold regardless.</p>${htmlTable([{ head: 'kind' }, { head: 'count', num: true }], rows)}</section>`;
}

/** Stress: the first standard to break, at what offered order rate, and whose limit it was by the CPU around it; or how far a run that did not break went. */
export function breakingPointsSection(r: RunResult): string {
  if (!r.breaking_points || r.breaking_points.length === 0) return r.scenario === 'stress' && r.top_load ? unbrokenSection(r.top_load) : '';
  const rows = r.breaking_points.map((b) => [
    `<span class="mono">${esc(b.standard)}</span>`,
    esc(`${b.at_s} s`),
    esc(`${formatCount(b.order_rate)} orders/s`),
    esc(`${formatCount(Math.round(b.value))} ms (limit ${formatCount(b.limit)} ms)`),
    cpuCell(b.cpu),
    b.limited_by === 'generator' ? '<b>the generator</b>' : b.limited_by === 'stack' ? 'the stack' : '—',
  ]);
  const first = r.breaking_points[0];
  const ceiling =
    first?.limited_by === 'generator'
      ? "<b>The first break is the generator's, not the stack's</b>: the generator's CPU was saturated around it (by the trust limits), so the break says nothing of the stack, which may hold more."
      : first?.limited_by === 'stack'
        ? "The first row is the stack's break point in this run: the generator was not saturated around it."
        : 'The first row is the integration\'s ceiling in this run.';
  return `<section id="breaking-points"><h2>Where it broke</h2><p>The first moment each standard's per-second figure stayed past its limit for 3 s, the order rate offered then, and each process's CPU (average / maximum, % of one core) from the 5 s before to the end of the breach. ${ceiling}</p>${htmlTable(
    [{ head: 'standard' }, { head: 'from', num: true }, { head: 'offered rate', num: true }, { head: 'figure', num: true }, { head: 'CPU around it' }, { head: 'limit of' }],
    rows,
  )}</section>`;
}

const cpuCell = (cpu: readonly BreakCpu[] | undefined): string => (cpu ?? []).map((c) => esc(`${c.role} ${Math.round(c.avg)}% / ${Math.round(c.max)}%`)).join('<br>') || '—';

/** A stress run that did not break: how far it went, and whether the generator could have offered more. */
function unbrokenSection(top: TopLoad): string {
  const why = top.generator_saturated
    ? "<b>The generator was saturated there</b> (by the trust limits): the run went as far as the generator could, so the stack's break point was not reached."
    : 'The generator was not saturated there: a higher step (STEPS, STEP_RATE) would find the break point.';
  return `<section id="breaking-points"><h2>Where it broke</h2><p>Nothing broke: every standard held up to ${esc(formatCount(top.order_rate))} orders/s offered (the 5 s to ${esc(top.at_s)} s). ${why}</p>${htmlTable(
    [{ head: 'CPU at the top (average / maximum, % of one core)' }],
    [[cpuCell(top.cpu)]],
  )}</section>`;
}

const HEADLINE = new Set(['scenario', 'seed', 'scale']);

function configValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
}

export function runInfoSection(r: RunResult): string {
  const m = r.machine;
  const machine = htmlTable(
    [{ head: 'machine' }, { head: '' }],
    [
      ['CPUs', `${esc(m.cpus)} × ${esc(m.cpu_model)}`],
      ['memory', esc(formatBytes(m.memory_bytes))],
      ['OS', esc(m.os)],
      ['peakday', esc(r.versions.peakday)],
      ['Node.js', esc(r.versions.node)],
      ['standards', esc(r.versions.standards)],
    ],
  );
  // The run's own scenario, seed and scale head the table; the harness also keeps them in its
  // config, where they would show a second time.
  const rest = Object.entries(r.config).filter(([k]) => !HEADLINE.has(k));
  const config = htmlTable(
    [{ head: 'config' }, { head: 'value' }],
    [
      ['scenario', esc(r.scenario)],
      ['seed', esc(r.seed)],
      ['scale', esc(r.scale)],
      ...rest.map(([k, v]) => [`<span class="mono">${esc(k)}</span>`, `<span class="mono">${esc(configValue(v))}</span>`]),
    ],
  );
  return `<section id="run"><h2>Machine, versions and configuration</h2><div class="grid2">${machine}${config}</div></section>`;
}
