/**
 * Calls per second per shop, from the platform's own count: the mock tallies each shop's calls
 * to each endpoint (throttled ones included) in whole seconds of its clock, closed seconds by
 * their count (mocks/tiktok-shop/rate-limit/calls-per-second.ts). From a run's tally
 * (stats-window.ts) this takes, per route key and shop, the seconds with a call, the busiest
 * second, the 99th percentile (nearest rank, over seconds with a call: idle seconds would only
 * dilute it) and the seconds over what the platform admits in one second.
 *
 * That bound is the mock's configured limit per shop and endpoint: a token bucket refilled at
 * `qps` and holding `burst`, so within one second it lets through at most burst + qps calls (a
 * full bucket, then what refills). A second above that was throttled whatever the timing
 * inside it; a connector that paces itself by the limit never has one, even bursting after an
 * idle spell. Sustained calling above qps is caught by its 429s and the backoff standard.
 */
import type { CallRateEndpoint, CallRates, CallRateShop } from '../results/run-result.ts';
import type { CallsPerSecondStats, MockStats } from './platform-view.ts';

/** What every run takes from the rate limit's figures: the call rates, and what could not be measured. */
export interface RateLimitFigures {
  callRates?: CallRates;
  /** Metric -> why it cannot be measured from this mock. */
  unmeasured: Record<string, string>;
}

export function rateLimitFigures(stats: MockStats): RateLimitFigures {
  const callRates = callRatesOf(stats);
  return { ...(callRates ? { callRates } : {}), unmeasured: rateLimitUnmeasured(stats) };
}

/** Why each figure the rate limit feeds cannot be measured from `stats` (empty: all can). */
export function rateLimitUnmeasured(stats: MockStats): Record<string, string> {
  if (!stats.rate_limit) {
    const why = "the mock's /__mock/stats has no rate_limit figures (a mock older than its Retry-After watch): its 429s and each shop's calls per second cannot be read";
    return { rate_limit_early_calls: why, calls_over_rate_limit: why };
  }
  if (!stats.rate_limit.calls_per_second) {
    return { calls_over_rate_limit: "the mock's /__mock/stats has no rate_limit.calls_per_second (a mock older than that count): each shop's calls per second cannot be read" };
  }
  return {};
}

/** The run's calls per second per shop; undefined when the mock keeps no such count. */
export function callRatesOf(stats: MockStats): CallRates | undefined {
  const perSecond = stats.rate_limit?.calls_per_second;
  return perSecond ? callRates(perSecond) : undefined;
}

/** Per route key (sorted), each shop's figures against the limit in force. */
export function callRates(perSecond: Record<string, CallsPerSecondStats>): CallRates {
  const endpoints: CallRateEndpoint[] = Object.keys(perSecond)
    .sort()
    .map((endpoint) => {
      const e = perSecond[endpoint] as CallsPerSecondStats;
      const windowLimit = e.qps + e.burst;
      const shops = Object.keys(e.shops)
        .sort()
        .map((shop) => shopRate(shop, e.shops[shop] as Record<string, number>, windowLimit));
      return { endpoint, qps: e.qps, burst: e.burst, window_limit: windowLimit, shops };
    });
  return { endpoints };
}

/** Seconds with more calls than the bound, across every shop and endpoint: what the standard counts. */
export function secondsOverLimit(rates: CallRates): number {
  return rates.endpoints.reduce((n, e) => n + e.shops.reduce((m, s) => m + s.seconds_over, 0), 0);
}

function shopRate(shop: string, tally: Record<string, number>, windowLimit: number): CallRateShop {
  const byCalls = Object.entries(tally)
    .map(([calls, seconds]) => [Number(calls), seconds] as const)
    .sort((a, b) => a[0] - b[0]);
  const seconds = byCalls.reduce((n, [, s]) => n + s, 0);
  const rank = Math.ceil(0.99 * seconds);
  let calls = 0;
  let p99 = 0;
  let seen = 0;
  let over = 0;
  for (const [c, s] of byCalls) {
    calls += c * s;
    if (seen < rank) p99 = c;
    seen += s;
    if (c > windowLimit) over += s;
  }
  return { shop_id: shop, seconds, calls, peak: byCalls.at(-1)?.[0] ?? 0, p99, seconds_over: over };
}
