/**
 * The mock's call statistics of one run only. A mock the user runs (`--mock-url`) may have
 * served other traffic before this run; its counters are cumulative, so the harness reads them
 * once when the load starts (the baseline) and judges the difference. Nothing on the mock is
 * reset: other users of the same mock keep their figures.
 *
 * A counter that went down since the baseline means the mock was reset during the run; the
 * figure it holds then is all from the run's window and is taken as it is.
 */
import { LatencyHistogram } from '../../lib/hdr/latency-histogram.ts';
import type { CallsPerSecondStats, EndpointStats, MockStats } from './platform-view.ts';

function minus(now: number, base: number | undefined): number {
  return base === undefined || base > now ? now : now - base;
}

function counts(now: Record<string, number>, base: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(now)) {
    const d = minus(v, base?.[k]);
    if (d > 0) out[k] = d;
  }
  return out;
}

/** The histogram `now` less `base` (encoded); `now` unchanged when it is not a later state of `base`. */
function histogram(now: string, base: string | undefined): LatencyHistogram {
  const h = LatencyHistogram.decode(now);
  if (base === undefined) return h;
  try {
    h.subtract(LatencyHistogram.decode(base));
    return h;
  } catch (e) {
    if (e instanceof RangeError) return LatencyHistogram.decode(now);
    throw e;
  }
}

function endpoint(now: EndpointStats, base: EndpointStats | undefined): EndpointStats | undefined {
  if (base !== undefined && base.calls > now.calls) return now;
  const calls = minus(now.calls, base?.calls);
  if (calls === 0) return undefined;
  const latency = histogram(now.latency, base?.latency);
  return {
    calls,
    by_code: counts(now.by_code, base?.by_code),
    partial: minus(now.partial, base?.partial),
    latency: latency.encode(),
    p50_ms: latency.percentile(50),
    p99_ms: latency.percentile(99),
  };
}

/** `now` less `base`: the counters and histograms of what happened between the two reads. */
export function statsSince(now: MockStats, base: MockStats): MockStats {
  const endpoints: Record<string, EndpointStats> = {};
  for (const [k, s] of Object.entries(now.endpoints)) {
    const d = endpoint(s, base.endpoints[k]);
    if (d) endpoints[k] = d;
  }
  return {
    endpoints,
    orders: { accepted: minus(now.orders.accepted, base.orders.accepted), refused_sold_out: minus(now.orders.refused_sold_out, base.orders.refused_sold_out) },
    duplicate_shipments: minus(now.duplicate_shipments, base.duplicate_shipments),
    webhooks: {
      ack: histogram(now.webhooks.ack, base.webhooks.ack).encode(),
      outcomes: counts(now.webhooks.outcomes, base.webhooks.outcomes),
      pending: now.webhooks.pending,
    },
    faults: counts(now.faults, base.faults),
    ...(now.rate_limit ? { rate_limit: rateLimit(now.rate_limit, base.rate_limit) } : {}),
    pending_waits: now.pending_waits,
  };
}

type RateLimitStats = NonNullable<MockStats['rate_limit']>;

/** The rate limit's figures since `base`; a mock older than a figure leaves it out (not zero). */
function rateLimit(now: RateLimitStats, base: RateLimitStats | undefined): RateLimitStats {
  const perSecond = now.calls_per_second && callsPerSecond(now.calls_per_second, base?.calls_per_second);
  return {
    throttled: minus(now.throttled, base?.throttled),
    early_calls: counts(now.early_calls, base?.early_calls),
    ...(perSecond ? { calls_per_second: perSecond } : {}),
  };
}

/** Each shop's tally of seconds less the baseline's; the limit is the one in force at `now`. */
function callsPerSecond(now: Record<string, CallsPerSecondStats>, base: Record<string, CallsPerSecondStats> | undefined): Record<string, CallsPerSecondStats> {
  const out: Record<string, CallsPerSecondStats> = {};
  for (const [endpoint, e] of Object.entries(now)) {
    const shops: Record<string, Record<string, number>> = {};
    for (const [shop, tally] of Object.entries(e.shops)) {
      const d = counts(tally, base?.[endpoint]?.shops[shop]);
      if (Object.keys(d).length > 0) shops[shop] = d;
    }
    if (Object.keys(shops).length > 0) out[endpoint] = { qps: e.qps, burst: e.burst, shops };
  }
  return out;
}
