/**
 * capacity.html: the answer of a capacity run as a self-contained page (no network, inline
 * SVG, the run report's stylesheet and CSP), with every standard charted against the order
 * rate — as a share of its limit on one chart, and each latency standard in ms on its own —
 * drawn by the report's own chart function. Every text goes through `esc`.
 */
import { esc } from '../report/escape-html.ts';
import { pageShell } from '../report/page-shell.ts';
import { cards, htmlTable } from '../report/sections/html-table.ts';
import { lineChart, type ChartSeries } from '../report/svg/line-chart.ts';
import { formatMs, formatValue } from '../standards/format.ts';
import type { CapacityAnswer } from './capacity-answer.ts';
import type { ProbeResult } from './probe-result.ts';
import { utilisation } from './probe-result.ts';

const rateAxis = { label: 'orders per second (probed)', format: (v: number) => `${Number(v.toFixed(1))}` };

/** Probes whose figures judge the stack: untrusted ones measure the generator, errors measure nothing. */
const charted = (probes: readonly ProbeResult[]) => [...probes].filter((p) => p.verdict === 'pass' || p.verdict === 'fail').sort((a, b) => a.rate - b.rate);

function standardIds(probes: readonly ProbeResult[]): string[] {
  return [...new Set(probes.flatMap((p) => p.standards.filter((s) => s.measured !== null && s.limit !== undefined).map((s) => s.id)))];
}

export function utilisationChart(probes: readonly ProbeResult[]): string {
  const ps = charted(probes);
  const series: ChartSeries[] = standardIds(ps).map((id) => ({
    name: id,
    points: ps.flatMap((p) => {
      const s = p.standards.find((x) => x.id === id);
      const u = s ? utilisation(s) : undefined;
      return u !== undefined && Number.isFinite(u) ? [{ x: p.rate, y: u * 100 }] : [];
    }),
  }));
  return lineChart({
    title: 'Every standard against the order rate, as a share of its limit',
    note: 'Above 100% a standard is broken. Upper bounds: measured ÷ limit; lower bounds (success shares): limit ÷ measured, so a share that must be 100% sits on the line while it holds.',
    series,
    x: rateAxis,
    y: { label: '% of limit', format: (v) => `${Math.round(v)}%` },
    limit: { value: 100, label: 'limit' },
    width: 1040,
    height: 340,
  });
}

export function latencyCharts(probes: readonly ProbeResult[]): string[] {
  const ps = charted(probes);
  return standardIds(ps)
    .filter((id) => ps.some((p) => p.standards.find((s) => s.id === id)?.unit === 'ms'))
    .map((id) => {
      const first = ps.flatMap((p) => p.standards).find((s) => s.id === id);
      const points = ps.flatMap((p) => {
        const s = p.standards.find((x) => x.id === id);
        return s && s.measured !== null ? [{ x: p.rate, y: s.measured }] : [];
      });
      return lineChart({
        title: `${id} against the order rate`,
        series: [{ name: id, points }],
        x: rateAxis,
        y: { label: 'ms', format: (v) => formatMs(v).replace(' ms', '') },
        ...(first?.limit !== undefined ? { limit: { value: first.limit, label: `limit ${formatMs(first.limit)}` } } : {}),
      });
    });
}

function probesTable(a: CapacityAnswer): string {
  const rows = [...a.search.probes]
    .sort((x, y) => x.rate - y.rate)
    .map((p) => [
      `<b>${esc(p.rate)}</b>/s`,
      esc(p.phase),
      `<span class="badge ${p.verdict === 'pass' ? 'b-pass' : p.verdict === 'fail' ? 'b-fail' : 'b-not-measured'}">${esc(p.verdict)}</span>`,
      p.achieved_rate !== undefined ? esc(p.achieved_rate.toFixed(1)) : '—',
      esc(p.failed.join(', ') || '—'),
      esc([...p.untrusted_reasons, ...(p.error ? [p.error] : [])].join('; ') || '—'),
      p.result_dir ? `<span class="mono">${esc(p.result_dir)}</span>` : '—',
    ]);
  return htmlTable([{ head: 'rate', num: true }, { head: 'phase' }, { head: 'verdict' }, { head: 'orders/s accepted at peak', num: true }, { head: 'standards broken' }, { head: 'why untrusted / error' }, { head: 'run' }], rows);
}

export function renderCapacityReport(a: CapacityAnswer): string {
  const s = a.search;
  const max = s.max_sustainable_rate;
  const head = cards([
    { k: 'maximum sustainable', v: max === null ? 'none held' : `${esc(max)}/s (${esc(Math.round(max * 60).toLocaleString('en-US'))}/min)`, bad: max === null },
    ...(a.campaign_peak_per_s !== undefined ? [{ k: 'campaign peak', v: `${esc(Number(a.campaign_peak_per_s.toFixed(1)))}/s` }] : []),
    ...(a.headroom !== undefined ? [{ k: 'headroom', v: `${esc(a.headroom.toFixed(2))}×`, bad: a.meets_campaign === false }] : []),
    { k: 'first to break', v: s.first_break ? `${esc(s.first_break.id)} @ ${esc(s.first_break.rate)}/s` : '—' },
    { k: 'limited by', v: esc(s.limited_by), bad: s.limited_by === 'generator' || s.limited_by === 'error' },
  ]);
  const fb = s.first_break;
  const fbLine = fb && fb.measured !== null ? `<p>${esc(fb.id)} measured ${esc(formatValue(fb.measured, fb.unit as never))}${fb.limit !== undefined ? ` against a limit of ${esc(formatValue(fb.limit, fb.unit as never))}` : ''} at ${esc(fb.rate)}/s.</p>` : '';
  const campaign = a.campaign
    ? `<h2>Campaign</h2>${htmlTable(
        [{ head: 'key' }, { head: 'value' }],
        Object.entries(a.campaign).map(([k, v]) => [`<span class="mono">${esc(k)}</span>`, esc(String(v))]),
      )}`
    : '<p>No campaign given (--campaign campaign.json): no headroom to state.</p>';
  const o = a.options;
  return pageShell(
    `peakday capacity ${a.scenario}: ${max === null ? 'none held' : `${max}/s`}`,
    `peakday capacity · ${a.scenario}`,
    `${head}
<section id="answer"><h2>Answer</h2><ul>${a.answer.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>${fbLine}</section>
<section id="charts"><h2>Standards against rate</h2><p>Drawn from the probes that judge the stack (pass or fail); untrusted probes measure the generator and are listed below, not drawn.</p>
${utilisationChart(s.probes)}
<div class="grid2">${latencyCharts(s.probes).join('')}</div></section>
<section id="probes"><h2>Probes</h2><p>${esc(a.probe_shape)}. Search: start ${esc(o.start_rate)}/s, ×${esc(o.step_factor)} steps within ${esc(o.min_rate)}..${esc(o.max_rate)}/s, then halving to ${esc(Math.round(o.resolution * 100))}%; at most ${esc(o.max_probes)} probes and ${esc(Math.round(o.budget_ms / 1000))} s. Stopped: ${esc(s.stopped || 'the search converged')}.</p>
${probesTable(a)}</section>
${campaign}
<footer>capacity.json holds every figure on this page</footer>`,
  );
}
