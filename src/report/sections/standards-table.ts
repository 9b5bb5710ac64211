/** Every standard: verdict, limit, measured figure, detail, and the grounding of its limit. */
import type { StandardJudgment, StandardVerdict } from '../../results/run-result.ts';
import type { RunResult } from '../../results/run-result.ts';
import { esc, slug } from '../escape-html.ts';
import type { LiveProgress } from '../live-progress.ts';
import { htmlTable } from './html-table.ts';

const LABEL: Record<StandardVerdict, string> = { pass: '✓ pass', fail: '✗ fail', 'not-measured': '? not measured', disabled: '– disabled' };
/** While the run goes on, a figure is only "so far". */
const LIVE_LABEL: Record<StandardVerdict, string> = { pass: '✓ on track', fail: '✗ breaking', 'not-measured': '… not yet', disabled: '– disabled' };

/** A judged figure the run's trust problems put in doubt (accuracy stands once the run completed). */
export function isUntrusted(r: RunResult, j: StandardJudgment): boolean {
  return !r.trust.trusted && (j.verdict === 'pass' || j.verdict === 'fail') && (j.kind === 'metric' || r.status !== 'completed');
}

export function standardsTable(r: RunResult, live?: LiveProgress): string {
  const label = live ? LIVE_LABEL : LABEL;
  const untrustedNote = live || r.trust.trusted
    ? ''
    : `<p><b>Figures marked untrusted cannot judge the stack</b> (the reasons are in the banner above)${r.status === 'completed' ? '; accuracy checks stand, since a slow generator cannot lose or oversell an order' : ''}.</p>`;
  const rows = r.standards.map((j) => [
    `<span class="badge b-${esc(j.verdict)}">${esc(label[j.verdict])}</span>${!live && isUntrusted(r, j) ? '<br><span class="badge b-not-measured">untrusted</span>' : ''}`,
    `<b>${esc(j.title)}</b><br><span id="std-${esc(slug(j.id))}" class="mono sid">${esc(j.id)}</span>`,
    esc(j.limit_text),
    `<b>${esc(j.measured_text)}</b>`,
    `${esc(j.detail)}${j.grounding ? `<div class="grounding">Grounding: ${esc(j.grounding)}</div>` : ''}`,
  ]);
  const table = htmlTable(
    [{ head: 'verdict' }, { head: 'standard' }, { head: 'limit', num: true }, { head: 'measured', num: true }, { head: 'detail and grounding' }],
    rows,
    (i) => `v-${r.standards[i]?.verdict ?? 'pass'} standard-row`,
  );
  const lead = live
    ? `Standards ${esc(r.versions.standards)}, judged on what the run measured so far. Accuracy checks read the ledger taken after the drain, so they wait for the end.`
    : `Standards ${esc(r.versions.standards)}. A latency limit applies to what the run measured; an accuracy check reads the ledger taken after the drain.`;
  return `<section id="standards"><h2>Standards</h2><p>${lead}</p>${untrustedNote}${table}</section>`;
}
