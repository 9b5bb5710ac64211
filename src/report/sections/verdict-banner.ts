/** The top of the report: the verdict in words, why, and which run this is. */
import { formatDuration } from '../../standards/format.ts';
import type { RunResult } from '../../results/run-result.ts';
import { esc } from '../escape-html.ts';
import type { LiveProgress } from '../live-progress.ts';

const WORD = { pass: 'PASS', fail: 'FAIL', untrusted: 'UNTRUSTED' } as const;
const LEAD = {
  pass: 'The integration met every standard measured in this run.',
  fail: 'The integration broke at least one standard.',
  untrusted: 'This run cannot be trusted to judge the integration.',
} as const;

function startedAt(r: RunResult): string {
  return new Date(r.started_at).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

export function verdictBanner(r: RunResult): string {
  const when = startedAt(r);
  const status = r.status === 'completed' ? '' : ` · run ${esc(r.status)}${r.status_reason ? ` (${esc(r.status_reason)})` : ''}`;
  const reasons = r.verdict_reasons.map((x) => `<li>${esc(x)}</li>`).join('');
  return `<header class="banner verdict-${esc(r.verdict)}" id="verdict">
<div class="word" data-verdict="${esc(r.verdict)}">${WORD[r.verdict]}</div>
<div>${LEAD[r.verdict]}</div>
<ul>${reasons}</ul>
<div class="meta">scenario <b>${esc(r.scenario)}</b> · ${esc(when)} · ${esc(formatDuration(r.ended_at - r.started_at))} · seed ${esc(r.seed)} · scale ${esc(r.scale)}${status}</div>
</header>`;
}

const STAGE: Record<LiveProgress['stage'], string> = {
  load: 'RUNNING',
  drain: 'DRAINING',
  judging: 'JUDGING',
};

/**
 * The top of the live page: no verdict yet, but how far the run is and which standards are
 * already breaking. Breaking means the figure so far is past its limit; it can still recover
 * (a percentile over the whole run) or not (an accuracy check, read only after the drain).
 */
export function liveBanner(r: RunResult, live: LiveProgress): string {
  const breaking = r.standards.filter((j) => j.verdict === 'fail');
  const onTrack = r.standards.filter((j) => j.verdict === 'pass').length;
  const pending = r.standards.filter((j) => j.verdict === 'not-measured').length;
  const of = live.planned_ms !== undefined ? ` of ${esc(formatDuration(live.planned_ms))}` : '';
  const lines = breaking.map((j) => `<li>${esc(j.id)} breaking: ${esc(j.detail)}</li>`).join('');
  const cls = breaking.length > 0 ? 'live-breaking' : 'live-on-track';
  return `<header class="banner ${cls}" id="verdict">
<div class="word" data-phase="live" data-stage="${esc(live.stage)}">${STAGE[live.stage]} · ${esc(formatDuration(live.elapsed_ms))}${of}</div>
<div>So far: ${esc(onTrack)} on track, ${esc(breaking.length)} breaking, ${esc(pending)} not measured yet.</div>
<ul>${lines}</ul>
<div class="meta">scenario <b>${esc(r.scenario)}</b> · started ${esc(startedAt(r))} · seed ${esc(r.seed)} · scale ${esc(r.scale)}</div>
</header>`;
}
