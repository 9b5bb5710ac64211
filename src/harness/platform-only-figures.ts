/**
 * What a platform-only run measures (`peakday run --platform-only`): the seller's connector
 * talks to the mock and its ERP cannot be read, so every figure here comes from the platform's
 * ledger and statistics alone:
 *   - order pick-up: placed -> the first search or detail answer that gave the order to the
 *     connector (order-pickup-lag.ts), and the run's orders it never received;
 *   - backoff: the rate limit's 429s and the calls made inside their Retry-After, and each
 *     shop's calls per second (call-rates.ts, as in every run);
 *   - stock: every shop × SKU × warehouse quantity against the declared starting stock less
 *     what the run's orders (those not cancelled) took from that warehouse. Quantities below
 *     that are not judged: the connector may hold stock back, and cancellations restore later;
 *   - webhook acks and platform call success, as in every run;
 *   - shipments the connector made: order placed -> shipped with tracking (shown, not judged:
 *     whether a seller ships within the run is their warehouse's business).
 */
import { LatencyHistogram } from '../../lib/hdr/latency-histogram.ts';
import type { LagMetric, LagSummary, LatencyBrief, PlatformOnlyFigures, ReconCount } from '../results/run-result.ts';
import { accessRenewals, type AccessRenewals } from './access-renewals.ts';
import type { AccuracyFigures } from './measure-accuracy.ts';
import { platformCallFigures, webhookFigures } from './measure-accuracy.ts';
import { orderPickupLag } from './order-pickup-lag.ts';
import type { MockLedger, MockStats, PlatformView } from './platform-view.ts';
import { statsSince } from './stats-window.ts';
import { rateLimitFigures, type RateLimitFigures } from './call-rates.ts';

const MAX_EXAMPLES = 5;

export interface PlatformOnlyCollected extends RateLimitFigures {
  lags: Partial<Record<LagMetric, LagSummary>>;
  platformCalls: AccuracyFigures['platformCalls'];
  webhookAckedWithin3s: AccuracyFigures['webhookAckedWithin3s'];
  faults: Record<string, number>;
  access: AccessRenewals;
  platformOnly: PlatformOnlyFigures;
}

export interface PlatformOnlyInput {
  startedAt: number;
  intervalMs: number;
  ledger: MockLedger;
  /** The mock's statistics of the run only (stats-window.ts). */
  stats: MockStats;
  /** On hand per SKU × warehouse the user declares their ERP held when the load started. */
  declaredStock: number;
}

export async function collectPlatformOnly(
  platform: PlatformView,
  opts: { startedAt: number; intervalMs: number; baseline: MockStats; declaredStock: number },
): Promise<PlatformOnlyCollected> {
  const [ledger, total] = await Promise.all([platform.ledger(), platform.stats()]);
  return measurePlatformOnly({ ...opts, ledger, stats: statsSince(total, opts.baseline) });
}

export function measurePlatformOnly(input: PlatformOnlyInput): PlatformOnlyCollected {
  const pickup = orderPickupLag(input.ledger, input.startedAt, input.intervalMs);
  const webhooks = webhookFigures(input.stats);
  return {
    lags: { order_pickup_lag: pickup.lag.summary(), webhook_ack_duration: webhooks.ack },
    platformCalls: platformCallFigures(input.stats),
    webhookAckedWithin3s: webhooks.ackedWithin3s,
    faults: input.stats.faults,
    access: accessRenewals(input.stats),
    ...rateLimitFigures(input.stats),
    platformOnly: {
      declared_stock: input.declaredStock,
      orders_accepted: pickup.accepted,
      orders_unread: reconCount(pickup.unread),
      ...stockOverDeclared(input),
      ...backoff(input.stats),
      ...orderToShipment(input.ledger, input.startedAt),
    },
  };
}

/** The 429s and the calls inside their Retry-After; left out when the mock keeps no such figures. */
function backoff({ rate_limit: r }: MockStats): Pick<PlatformOnlyFigures, 'rate_limit'> {
  return r ? { rate_limit: { throttled: r.throttled, early_calls: r.early_calls } } : {};
}

function reconCount(ids: readonly string[]): ReconCount {
  return { count: ids.length, examples: ids.slice(0, MAX_EXAMPLES) };
}

/** Each shop's quantity against what remains of the declared stock in that warehouse. */
function stockOverDeclared({ ledger, startedAt, declaredStock }: PlatformOnlyInput): Pick<PlatformOnlyFigures, 'stock_cells_checked' | 'stock_over_declared'> {
  const taken = new Map<string, number>();
  for (const o of ledger.orders) {
    if (o.created_at < startedAt || o.status === 'CANCELLED') continue;
    for (const li of o.line_items) {
      for (const c of li.commits) {
        const k = `${li.seller_sku}|${c.warehouse_id}`;
        taken.set(k, (taken.get(k) ?? 0) + c.quantity);
      }
    }
  }
  const over: string[] = [];
  for (const x of ledger.inventory) {
    const remains = Math.max(0, declaredStock - (taken.get(`${x.seller_sku}|${x.warehouse_id}`) ?? 0));
    if (x.available > remains) over.push(`${x.shop_id}/${x.seller_sku}/${x.warehouse_id} shows ${x.available}, ${remains} remain`);
  }
  return { stock_cells_checked: ledger.inventory.length, stock_over_declared: reconCount(over) };
}

/** Placed -> first package shipped with tracking, for the run's orders the connector shipped. */
function orderToShipment(ledger: MockLedger, startedAt: number): Pick<PlatformOnlyFigures, 'shipped_orders' | 'order_to_shipment'> {
  const placed = new Map(ledger.orders.filter((o) => o.created_at >= startedAt).map((o) => [o.id, o.created_at]));
  const first = new Map<string, number>();
  for (const p of ledger.packages) {
    if (p.shipped_at === null || p.tracking_number === null || !placed.has(p.order_id)) continue;
    const prev = first.get(p.order_id);
    if (prev === undefined || p.shipped_at < prev) first.set(p.order_id, p.shipped_at);
  }
  if (first.size === 0) return { shipped_orders: 0 };
  const h = new LatencyHistogram();
  for (const [id, at] of first) h.record(Math.max(0, at - (placed.get(id) as number)));
  const brief: LatencyBrief = { hdr: h.encode(), count: h.count, p50: h.percentile(50), p99: h.percentile(99), max: h.maxMs };
  h.destroy();
  return { shipped_orders: first.size, order_to_shipment: brief };
}
