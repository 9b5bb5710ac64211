/**
 * The metric names the standards judge, in one place.
 *
 * The harness and the scenarios emit these names; the standards file refers to them; the
 * report draws them. A name changed here changes everywhere at once, and a standards file
 * naming a metric that is not listed here is rejected at start-up instead of silently
 * judging nothing.
 */

import type { LagMetric, MetricContains, MetricType } from '../results/run-result.ts';

export interface MetricName {
  type: MetricType;
  contains: MetricContains;
  /** Who records it; the report and README show this. */
  source: 'generator' | 'mock' | 'harness';
  /** One line: what one sample is. */
  what: string;
}

/**
 * Every metric a standard may name. Lags are exact end-to-end durations taken from the mock's
 * history by the harness (not sampled): see the harness README for the method.
 */
export const METRICS = {
  webhook_ack_duration: {
    type: 'trend',
    contains: 'time',
    source: 'mock',
    what: 'from the mock sending a webhook to the stack answering 2xx',
  },
  webhook_acked_within_3s: {
    type: 'rate',
    contains: 'default',
    source: 'mock',
    what: 'one per webhook delivered: true when acked 2xx within 3 s (deliveries dropped on purpose excluded)',
  },
  inventory_sync_lag: {
    type: 'trend',
    contains: 'time',
    source: 'harness',
    what: 'from the ERP accepting a stock write to the first platform update that includes it',
  },
  order_ingest_lag: {
    type: 'trend',
    contains: 'time',
    source: 'harness',
    what: 'from the platform accepting an order to its allocation in the ERP',
  },
  shipment_sync_lag: {
    type: 'trend',
    contains: 'time',
    source: 'harness',
    what: 'from the WMS marking a shipment to the platform holding its status and tracking',
  },
  order_pickup_lag: {
    type: 'trend',
    contains: 'time',
    source: 'mock',
    what: 'from the platform accepting an order to the first order search or detail answer that gave it to the integration',
  },
  orders_unread: {
    type: 'counter',
    contains: 'default',
    source: 'harness',
    what: 'an order accepted during the run that no search or detail answer gave the integration (platform-only runs)',
  },
  rate_limit_early_calls: {
    type: 'counter',
    contains: 'default',
    source: 'mock',
    what: "a call made inside the Retry-After of the platform's last 429 for that shop and endpoint (platform-only runs)",
  },
  calls_over_rate_limit: {
    type: 'counter',
    contains: 'default',
    source: 'mock',
    what: "a second in which one shop's calls to one endpoint (throttled ones included) exceeded what the mock's rate limit admits in one second (its calls per second plus its burst)",
  },
  stock_over_declared: {
    type: 'counter',
    contains: 'default',
    source: 'harness',
    what: 'a shop × SKU × warehouse quantity above the declared starting stock less what accepted orders took (platform-only runs)',
  },
  erp_req_duration: {
    type: 'trend',
    contains: 'time',
    source: 'generator',
    what: "duration of one request to the stack's ERP API, as the load generator sees it",
  },
  platform_call_success: {
    type: 'rate',
    contains: 'default',
    source: 'mock',
    what: "one per platform API call by the stack: true when it succeeded (calls failed on purpose by fault injection excluded)",
  },
  orders_placed: {
    type: 'counter',
    contains: 'default',
    source: 'generator',
    what: 'an order the platform accepted from a simulated buyer',
  },
  stock_writes: {
    type: 'counter',
    contains: 'default',
    source: 'generator',
    what: 'a stock write (receiving, stock-take) the ERP accepted',
  },
  shipments_marked: {
    type: 'counter',
    contains: 'default',
    source: 'generator',
    what: 'a shipment the WMS marked with carrier and tracking',
  },
  http_reqs: { type: 'counter', contains: 'default', source: 'generator', what: 'an HTTP request made by the generator (k6 built-in)' },
  http_req_duration: { type: 'trend', contains: 'time', source: 'generator', what: 'an HTTP request duration (k6 built-in)' },
  iterations: { type: 'counter', contains: 'default', source: 'generator', what: 'an iteration completed (k6 built-in)' },
  dropped_iterations: {
    type: 'counter',
    contains: 'default',
    source: 'generator',
    what: 'an iteration due but not started because no VU was free (k6 built-in)',
  },
  iteration_start_delay: {
    type: 'trend',
    contains: 'time',
    source: 'generator',
    what: "how late an arrival-rate iteration started after its scheduled time (coordinated omission's measure)",
  },
} as const satisfies Record<string, MetricName>;

export type KnownMetric = keyof typeof METRICS;

/** The end-to-end lags the harness measures; `RunResult.lags` is keyed by these. */
export const LAG_METRICS = ['inventory_sync_lag', 'order_ingest_lag', 'shipment_sync_lag', 'webhook_ack_duration', 'order_pickup_lag'] as const satisfies readonly (LagMetric & KnownMetric)[];

export function isKnownMetric(name: string): name is KnownMetric {
  return Object.hasOwn(METRICS, name);
}
