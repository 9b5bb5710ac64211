/**
 * With `--erp-adapter`: what the shim between the scenarios and the seller's ERP cost, apart
 * from the ERP's own latency, and how exact the inventory lags are given where the change log
 * came from.
 */
import type { LatencyBrief, RunResult } from '../../results/run-result.ts';
import { formatCount } from '../../standards/format.ts';
import { esc } from '../escape-html.ts';
import { htmlTable } from './html-table.ts';

function row(name: string, b: LatencyBrief): string[] {
  return [`<span class="mono">${esc(name)}</span>`, esc(formatCount(b.count)), esc(b.p50.toFixed(2)), esc(b.p99.toFixed(2)), esc(b.max.toFixed(2))];
}

function changeLogText(c: NonNullable<RunResult['erp_shim']>['change_log']): string {
  if (c.source === 'erp') return 'The ERP keeps its own change log (the adapter has stockChanges): inventory lags are measured from its timestamps.';
  return (
    `The ERP keeps no change log; the shim derived one. ${formatCount(c.exact_changes)} changes came from the shim's own writes: their lags are exact. ` +
    `${formatCount(c.polled_changes)} changes were found by polling every ${formatCount(c.poll_interval_ms)} ms (${formatCount(c.polls)} polls, longest ${formatCount(c.longest_poll_ms)} ms): ` +
    `each is dated at the last read that still saw the old value, so its lag is an upper bound, over by at most ${formatCount(c.polled_bound_ms)} ms.` +
    (c.poll_failures > 0 ? ` ${formatCount(c.poll_failures)} polls of a SKU failed.` : '') +
    (c.dropped_changes > 0 ? ` ${formatCount(c.dropped_changes)} oldest changes were dropped (memory bound).` : '')
  );
}

export function erpShimSection(r: RunResult): string {
  const s = r.erp_shim;
  if (!s) return '';
  const head = [{ head: 'what' }, { head: 'count', num: true }, { head: 'p50 ms', num: true }, { head: 'p99 ms', num: true }, { head: 'max ms', num: true }];
  const rows = [row('shim overhead per request', s.overhead), ...Object.entries(s.erp_latency).map(([op, b]) => row(`ERP ${op}()`, b))];
  return `<section id="erp-shim"><h2>Your ERP through the adapter</h2><p>Adapter <b>${esc(s.adapter)}</b>, hosted by peakday's shim: ${esc(formatCount(s.requests))} requests, ${esc(formatCount(s.idempotent_replays))} idempotent replays answered by the shim. The shim's overhead is its time per request less the time inside the adapter; the ERP rows are the time inside each adapter operation (polls included).</p>${htmlTable(head, rows)}<p>${esc(changeLogText(s.change_log))}</p></section>`;
}
