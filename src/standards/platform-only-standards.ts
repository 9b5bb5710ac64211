/**
 * The standards of a platform-only run (`peakday run --platform-only`): the seller's connector
 * talks to the mock platform and peakday has no way into their ERP. What the platform alone
 * sees is judged with four standards of its own, added to the defaults before the user's
 * override applies (so an override may change their limits like any other); every standard
 * that needs the ERP's side is moved to the disabled list with the reason it cannot be judged,
 * so the report names each one instead of passing it silently.
 */
import type { AccuracyCheck } from './accuracy-checks.ts';
import type { KnownMetric } from './metric-names.ts';
import type { MetricStandard, Standard, Standards, StandardsFile } from './standard.ts';

/** Who switched a standard off, as the report says it. */
export const PLATFORM_ONLY_SOURCE = 'platform-only mode';

const count = (id: string, title: string, metric: KnownMetric, measures: string, grounding: string): MetricStandard => ({
  id, title, measures, kind: 'metric', metric, stat: 'count', op: '<=', limit: 0, unit: 'count', grounding,
});

export const PLATFORM_ONLY_STANDARDS: readonly Standard[] = [
  {
    id: 'order-pickup-lag-p99',
    title: 'Order pick-up lag p99',
    measures: 'Time from the platform accepting an order to the first answer (order search or detail) that gave it to the integration, 99th percentile.',
    kind: 'metric',
    metric: 'order_pickup_lag',
    stat: 'p(99)',
    op: '<=',
    limit: 5000,
    unit: 'ms',
    grounding:
      "The platform side of order ingest: an integration cannot allocate an order before it has read it, so pick-up is a lower bound of the ingest lag and gets the same 5 s bound (order-ingest-lag-p99). No published TikTok number; chosen by us.",
  },
  count(
    'orders-read', 'Every order read', 'orders_unread',
    'Orders the platform accepted during the run that no order search or detail answer ever gave the integration (after the drain).',
    'An order the integration never read is never allocated or shipped: a guaranteed late dispatch against the 2-business-day rule. Webhooks may be dropped, so the connector must also poll: 0.',
  ),
  count(
    'retry-after-respected', 'Backoff after 429 respected', 'rate_limit_early_calls',
    "Calls the integration made to a shop's endpoint after a 429 for it and before the Retry-After the platform gave had passed (calls already in flight when the 429 came back excluded).",
    "TikTok limits calls per app, shop and endpoint and answers 429 past the limit; calling on while throttled only adds refused calls and keeps the bucket empty. The mock's 429 names when to come back: 0 calls before that.",
  ),
  count(
    'stock-within-declared', 'Platform stock within the declared stock', 'stock_over_declared',
    "Shop × SKU × warehouse quantities on the platform, after the drain, above the declared starting stock less what the run's accepted orders took from that warehouse.",
    "Every shop sells from one pool: a shop showing more than remains sells stock that is gone (oversell, a seller-fault cancellation; Seller-Fault Cancellation Rate must stay <= 2.5%). Judged against the stock the user declares, since the ERP itself cannot be read: 0.",
  ),
];

/** Why each ERP-side metric cannot be judged from the platform alone. */
const METRIC_REASONS: Partial<Record<KnownMetric, string>> = {
  inventory_sync_lag: "needs the time your ERP accepted each stock write, which only your ERP knows; stock-within-declared checks the platform's stock instead",
  order_ingest_lag: 'needs the time your ERP allocated each order; order-pickup-lag-p99 judges the platform side of it (the first answer that gave the order to your connector)',
  shipment_sync_lag: 'needs the time your WMS marked each shipment; the time from order to shipment on the platform is shown, not judged',
  erp_req_duration: 'no request is sent to your ERP in this mode',
  stock_writes: 'no stock write is sent to your ERP in this mode',
  shipments_marked: 'no shipment is marked in your WMS in this mode',
};

/** Why each accuracy check (all of them read the reconciliation with the ERP's ledger) cannot be judged. */
const CHECK_REASONS: Record<AccuracyCheck, string> = {
  inventory_converged: "compares the platform's stock with your ERP's, which cannot be read; stock-within-declared bounds the platform's stock by your declared stock instead",
  oversold_orders: "needs your ERP's warehouse stock and allocations; stock-within-declared catches a platform showing more than remains",
  lost_orders: "needs your ERP's order book; orders-read judges whether your connector read every order",
  duplicate_allocations: "needs your ERP's allocations",
  duplicate_shipments: "needs your WMS's shipments to tell a repeated shipment from a split one",
  tracking_as_issued: 'needs the tracking numbers your WMS issued',
  cancelled_stock_released: "needs your ERP's stock after each cancellation",
  cancelled_not_shipped: "needs your WMS's shipments to tell whether a cancelled order left the warehouse",
  returns_restocked: "needs your ERP's stock after each return",
  requests_answered: "is judged in the reconciliation of both ledgers, which needs your ERP (the platform-only figures do not include buyers' requests yet)",
};

/** The reason a standard cannot be judged from the platform alone; undefined when it can. */
export function platformOnlyBlindSpot(s: Standard): string | undefined {
  return s.kind === 'accuracy' ? CHECK_REASONS[s.check] : METRIC_REASONS[s.metric];
}

/** The defaults of a platform-only run: peakday's, plus the platform-side standards. */
export function withPlatformOnlyStandards(defaults: StandardsFile): StandardsFile {
  return { ...defaults, standards: [...defaults.standards, ...PLATFORM_ONLY_STANDARDS.map((s) => ({ ...s }))] };
}

/** Moves every standard that needs the ERP to the disabled list, each with its reason. */
export function disableErpSide(standards: Standards): Standards {
  const kept: Standard[] = [];
  const disabled = [...standards.disabled];
  for (const s of standards.standards) {
    const reason = platformOnlyBlindSpot(s);
    if (reason === undefined) kept.push(s);
    else disabled.push({ id: s.id, title: s.title, kind: s.kind, unit: s.unit, grounding: s.grounding, reason, by: PLATFORM_ONLY_SOURCE });
  }
  return { ...standards, standards: kept, disabled };
}
