/**
 * The comparison in HTML: a section for the run's own report.html (inserted after the fact,
 * so the report's renderer needs to know nothing of baselines), and comparison.html, a
 * self-contained page with the same section and every figure. Both reuse the report's
 * stylesheet, table helper and escaping; every text goes through `esc`.
 */
import { esc } from '../report/escape-html.ts';
import { pageShell } from '../report/page-shell.ts';
import { htmlTable } from '../report/sections/html-table.ts';
import type { Comparison, FigureRow, RowVerdict, StandardRow } from './comparison.ts';
import { formatBand, formatDelta, formatIn, formatRatio } from './format-change.ts';

const BADGE: Record<RowVerdict, string> = { worse: 'b-fail', better: 'b-pass', same: 'b-disabled', missing: 'b-not-measured', info: 'b-disabled' };
const LABEL: Record<RowVerdict, string> = { worse: '✗ worse', better: '↑ better', same: '= same', missing: '? missing', info: '· not judged' };
const ORDER: Record<RowVerdict, number> = { worse: 0, missing: 1, better: 2, same: 3, info: 4 };

const badge = (v: RowVerdict) => `<span class="badge ${BADGE[v]}">${LABEL[v]}</span>`;
const note = (n: string | undefined) => (n ? `<div class="grounding">${esc(n)}</div>` : '');

function standardsTable(rows: readonly StandardRow[]): string {
  return htmlTable(
    [{ head: 'change' }, { head: 'standard' }, { head: 'baseline → current' }, { head: 'baseline', num: true }, { head: 'current', num: true }, { head: 'change', num: true }, { head: 'noise band', num: true }],
    rows.map((r) => [
      `${badge(r.verdict)}${note(r.note)}`,
      `<span class="mono sid">${esc(r.id)}</span><br>${esc(r.limit_text)}`,
      `${esc(r.baseline_verdict)} → ${esc(r.current_verdict)}`,
      esc(formatIn(r.baseline, r.unit)),
      esc(formatIn(r.current, r.unit)),
      `${esc(formatDelta(r.change, r.unit))}<br>${esc(formatRatio(r.change_ratio))}`,
      esc(formatBand(r.allowed, r.unit)),
    ]),
    (i) => (rows[i]?.verdict === 'worse' ? 'v-fail' : ''),
  );
}

function figuresTable(rows: readonly FigureRow[]): string {
  return htmlTable(
    [{ head: 'change' }, { head: 'figure' }, { head: 'baseline (median)', num: true }, { head: 'baseline runs', num: true }, { head: 'current', num: true }, { head: 'change', num: true }, { head: 'noise band', num: true }],
    rows.map((r) => [
      `${badge(r.verdict)}${note(r.note)}`,
      `<span class="mono">${esc(r.id)}</span>`,
      esc(formatIn(r.baseline, r.unit)),
      esc(r.baseline_values.map((v) => formatIn(v, r.unit)).join(' · ')),
      esc(formatIn(r.current, r.unit)),
      `${esc(formatDelta(r.change, r.unit))}<br>${esc(formatRatio(r.change_ratio))}`,
      esc(formatBand(r.allowed, r.unit)),
    ]),
    (i) => (rows[i]?.verdict === 'worse' ? 'v-fail' : ''),
  );
}

const sorted = <T extends { verdict: RowVerdict }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);

/**
 * `<section id="comparison">`: the verdict of the comparison, the standards, and the figures
 * that moved (worse, better, missing); `full` lists every figure (comparison.html).
 */
export function comparisonSection(c: Comparison, opts: { full?: boolean; pageLink?: string } = {}): string {
  const k = c.counts;
  const word = c.regression ? `<b>REGRESSION</b> against the baseline: ${esc(c.regressions.join(', '))}` : '<b>No regression</b> against the baseline.';
  const runs = c.baseline_runs.map((b) => `<li><span class="mono">${esc(b.source)}</span> (${esc(b.verdict)})</li>`).join('');
  const warnings = c.warnings.length > 0 ? `<ul>${c.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  const figs = opts.full ? sorted(c.figures) : sorted(c.figures).filter((r) => r.verdict === 'worse' || r.verdict === 'better' || r.verdict === 'missing');
  const link = opts.pageLink ? ` Every figure: <a href="${esc(opts.pageLink)}">${esc(opts.pageLink)}</a>.` : '';
  return `<section id="comparison"><h2>Comparison with the baseline</h2>
<div class="cards"><div class="card${c.regression ? ' bad' : ''}"><div class="k">comparison</div><div class="v">${c.regression ? '✗ regression' : '✓ no regression'}</div></div><div class="card"><div class="k">worse / better / same</div><div class="v">${k.worse} / ${k.better} / ${k.same}</div></div><div class="card"><div class="k">missing / not judged</div><div class="v">${k.missing} / ${k.info}</div></div></div>
<p>${word} A change counts only beyond the noise band: max(absolute, relative × baseline) + ${esc(c.tolerances.spread_factor)} × the baseline runs' range.${link}</p>
<p>Baseline runs (${c.baseline_runs.length}):</p><ul>${runs}</ul>${warnings}
<h3>Standards</h3>${standardsTable(sorted(c.standards))}
<h3>${opts.full ? 'Every figure' : 'Figures that moved'}</h3>${figs.length > 0 ? figuresTable(figs) : '<p class="nodata">No figure moved beyond its noise band.</p>'}
</section>`;
}

/** comparison.html: a page of its own, as self-contained as report.html. */
export function comparisonPage(c: Comparison): string {
  return pageShell(
    `peakday compare ${c.scenario}: ${c.regression ? 'REGRESSION' : 'no regression'}`,
    `peakday compare · ${c.scenario}`,
    `<p>Current run <span class="mono">${esc(c.current.source)}</span> (${esc(c.current.verdict)}).</p>
${comparisonSection(c, { full: true })}
<footer>comparison.json holds every figure on this page</footer>`,
  );
}

/**
 * The run's report.html with the comparison section added before its footer and a link in
 * its navigation. A report without those landmarks gets the section at the end of <main>;
 * one that already holds a comparison has it replaced, so re-running is harmless.
 */
export function injectComparison(reportHtml: string, section: string): string {
  let html = reportHtml.replace(/<section id="comparison">[\s\S]*?<\/section>\n?/, '');
  if (!html.includes('href="#comparison"')) html = html.replace('</nav>', '<a href="#comparison">Comparison</a></nav>');
  if (html.includes('<footer>')) return html.replace('<footer>', `${section}\n<footer>`);
  if (html.includes('</main>')) return html.replace('</main>', `${section}\n</main>`);
  return `${html}${section}`;
}
