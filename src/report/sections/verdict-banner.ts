/** The top of the report: the verdict in words, why, and which run this is. */
import { formatDuration } from '../../standards/format.ts';
import type { RunResult } from '../../results/run-result.ts';
import { esc } from '../escape-html.ts';

const WORD = { pass: 'PASS', fail: 'FAIL', untrusted: 'UNTRUSTED' } as const;
const LEAD = {
  pass: 'The integration met every standard measured in this run.',
  fail: 'The integration broke at least one standard.',
  untrusted: 'This run cannot be trusted to judge the integration.',
} as const;

export function verdictBanner(r: RunResult): string {
  const when = new Date(r.started_at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const status = r.status === 'completed' ? '' : ` · run ${esc(r.status)}${r.status_reason ? ` (${esc(r.status_reason)})` : ''}`;
  const reasons = r.verdict_reasons.map((x) => `<li>${esc(x)}</li>`).join('');
  return `<header class="banner verdict-${esc(r.verdict)}" id="verdict">
<div class="word" data-verdict="${esc(r.verdict)}">${WORD[r.verdict]}</div>
<div>${LEAD[r.verdict]}</div>
<ul>${reasons}</ul>
<div class="meta">scenario <b>${esc(r.scenario)}</b> · ${esc(when)} · ${esc(formatDuration(r.ended_at - r.started_at))} · seed ${esc(r.seed)} · scale ${esc(r.scale)}${status}</div>
</header>`;
}
