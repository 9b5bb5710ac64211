/**
 * The detail of `calls-per-second-within-limit`: the limit each endpoint was judged against, as
 * the mock was configured (TikTok's own default is not confirmed, so the figure judged must say
 * where its limit came from), and the busiest shop's peak and p99 calls per second. The
 * endpoints closest to their limit come first; the full table is in the report.
 */
import type { CallRateEndpoint, CallRates } from '../results/run-result.ts';
import { formatCount } from './format.ts';

const SHOWN = 3;

/** The busiest shop of an endpoint and its peak as a share of the limit. */
function busiest(e: CallRateEndpoint): { share: number; text: string } {
  const top = e.shops.reduce((a, b) => (b.peak > a.peak ? b : a));
  const p99 = Math.max(...e.shops.map((s) => s.p99));
  const over = e.shops.reduce((n, s) => n + s.seconds_over, 0);
  const text =
    `${e.endpoint}: limit ${formatCount(e.qps)}/s + burst ${formatCount(e.burst)} = ${formatCount(e.window_limit)} calls in one second per shop; ` +
    `peak ${formatCount(top.peak)} (shop ${top.shop_id}), p99 ${formatCount(p99)}` +
    (over > 0 ? `, ${formatCount(over)} second${over === 1 ? '' : 's'} over` : '');
  return { share: top.peak / e.window_limit, text };
}

export function callRateDetail(rates: CallRates): string {
  if (rates.endpoints.length === 0) return 'no call reached the rate limit (limits from the mock\'s configuration)';
  const all = rates.endpoints.map(busiest).sort((a, b) => b.share - a.share);
  const more = all.length > SHOWN ? `; ${all.length - SHOWN} more endpoints further from their limit` : '';
  return `limits from the mock's configuration; ${all.slice(0, SHOWN).map((x) => x.text).join('; ')}${more}`;
}
