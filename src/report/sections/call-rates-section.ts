/**
 * Calls per second per shop: for each endpoint the integration called, the limit the mock
 * enforced per shop (its configuration) and each shop's busiest second and p99 over the seconds
 * it called, counted by the platform (src/harness/call-rates.ts). Judged by
 * `calls-per-second-within-limit`; shown in every run whose mock keeps the count.
 */
import type { RunResult } from '../../results/run-result.ts';
import { formatCount } from '../../standards/format.ts';
import { esc } from '../escape-html.ts';
import { htmlTable } from './html-table.ts';

export function callRatesSection(r: RunResult): string {
  const head = '<section id="call-rates"><h2>Calls per second per shop</h2>';
  if (!r.call_rates) {
    const why = r.unmeasured?.calls_over_rate_limit;
    return why ? `${head}<p>Not measured: ${esc(why)}.</p></section>` : '';
  }
  const rows = r.call_rates.endpoints.flatMap((e) =>
    e.shops.map((s) => [
      `<span class="mono">${esc(e.endpoint)}</span>`,
      `<span class="mono">${esc(s.shop_id)}</span>`,
      esc(`${formatCount(e.qps)}/s + ${formatCount(e.burst)}`),
      esc(formatCount(s.seconds)),
      esc(formatCount(s.calls)),
      esc(formatCount(s.p99)),
      esc(formatCount(s.peak)),
      esc(formatCount(s.seconds_over)),
    ]),
  );
  if (rows.length === 0) return `${head}<p>No call reached the platform's rate limit in this run.</p></section>`;
  const table = htmlTable(
    [{ head: 'endpoint' }, { head: 'shop' }, { head: 'limit (qps + burst)' }, { head: 'seconds', num: true }, { head: 'calls', num: true }, { head: 'p99 /s', num: true }, { head: 'peak /s', num: true }, { head: 'seconds over', num: true }],
    rows,
    (i) => (rows[i]?.[7] !== '0' ? 'v-fail' : ''),
  );
  return `${head}<p>Counted by the platform in 1-second windows, throttled calls included; p99 over the seconds with a call. The limit is the mock's configuration per shop and endpoint: in one second it admits at most the burst plus the calls per second, and a second above that is over.</p>${table}</section>`;
}
