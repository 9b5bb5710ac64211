/**
 * Turns what the platform and the ERP each say after drain into the run's lags and ledger
 * checks: the four end-to-end lags (exact, from both sides' timestamps and the mock's
 * history) and the reconciliation of docs/flows.md.
 */
import { LatencyHistogram } from '../../lib/hdr/latency-histogram.ts';
import type { LagSummary } from '../results/run-result.ts';
import type { LagMetric } from '../results/run-result.ts';
import { MAX_PLATFORM_QUANTITY, shownTo, type ErpChange, type ErpOrderView, type ErpStockView } from './erp-view.ts';
import { keyLags, type AvailabilityChange, type PlatformUpdate } from './inventory-sync-lag.ts';
import type { MockHistory, MockLedger, MockStats } from './platform-view.ts';
import { orderPickupLag } from './order-pickup-lag.ts';
import { reconcile, type LedgerChecks, type ReconcileInput } from './reconcile.ts';
import { TimedHistogram } from './timed-histogram.ts';

export interface AccuracyInput {
  startedAt: number;
  intervalMs: number;
  ledger: MockLedger;
  history: MockHistory;
  stats: MockStats;
  erpOrders: readonly ErpOrderView[];
  erpChanges: readonly ErpChange[];
  erpStock: readonly ErpStockView[];
  /** platform sku_id -> seller_sku */
  sellerSkuOf: ReadonlyMap<string, string>;
}

export interface AccuracyFigures {
  lags: Partial<Record<LagMetric, LagSummary>>;
  /** The timed histograms behind `lags`, for per-window judgments (stress). */
  timed: Partial<Record<Exclude<LagMetric, 'webhook_ack_duration'>, TimedHistogram>>;
  /** Inventory changes made during the run that never reached the platform. */
  unsyncedChanges: number;
  checks: LedgerChecks;
  platformCalls: { passes: number; fails: number; injected: number };
  webhookAckedWithin3s: { passes: number; fails: number };
  /**
   * Mark-shipped calls the platform refused as already shipped. Informational: a retry after a
   * lost answer is correct behaviour, and the ledger (one package per order) is the judge.
   */
  refusedRepeatShipments: number;
}

export function measureAccuracy(input: AccuracyInput): AccuracyFigures {
  const { inventory, unsyncedChanges } = inventorySyncLag(input);
  const ingest = orderIngestLag(input);
  const shipment = shipmentSyncLag(input);
  const webhooks = webhookFigures(input.stats);
  const pickup = orderPickupLag(input.ledger, input.startedAt, input.intervalMs).lag;
  return {
    lags: {
      inventory_sync_lag: inventory.summary(),
      order_ingest_lag: ingest.summary(),
      shipment_sync_lag: shipment.summary(),
      webhook_ack_duration: webhooks.ack,
      order_pickup_lag: pickup.summary(),
    },
    timed: { inventory_sync_lag: inventory, order_ingest_lag: ingest, shipment_sync_lag: shipment, order_pickup_lag: pickup },
    unsyncedChanges,
    checks: ledgerChecks(input),
    platformCalls: platformCallFigures(input.stats),
    webhookAckedWithin3s: webhooks.ackedWithin3s,
    refusedRepeatShipments: input.stats.duplicate_shipments,
  };
}

/**
 * Inventory sync lag: per (sku, warehouse) the ERP's changes, per shop the platform's pushes;
 * and the changes made during the run that never reached a shop.
 */
function inventorySyncLag(input: AccuracyInput): { inventory: TimedHistogram; unsyncedChanges: number } {
  const { startedAt, intervalMs } = input;
  const changesByKey = new Map<string, ErpChange[]>();
  for (const c of [...input.erpChanges].sort((a, b) => a.seq - b.seq)) {
    const k = `${c.sku}|${c.warehouse_id}`;
    const list = changesByKey.get(k);
    if (list) list.push(c);
    else changesByKey.set(k, [c]);
  }
  const inventory = new TimedHistogram(startedAt, intervalMs);
  let unsyncedChanges = 0;
  const seen = new Set<string>();
  for (const item of input.history.items) {
    const k = `${item.seller_sku}|${item.warehouse_id}`;
    const erpChanges = changesByKey.get(k);
    if (!erpChanges) continue;
    seen.add(`${item.shop_id}|${k}`);
    // What this shop should have shown after each change: its share, when the stack splits.
    const changes: AvailabilityChange[] = erpChanges.map((c) => ({ at: c.at, available: shownTo(item.shop_id, c) }));
    const pushes: PlatformUpdate[] = item.entries.filter((e) => e[2] === 'push').map((e) => ({ t: e[0], quantity: e[1] }));
    const r = keyLags(changes, pushes, startedAt);
    const measured = changes.filter((c) => c.at >= startedAt);
    r.lags.forEach((lag, i) => inventory.record((measured[i] as AvailabilityChange).at, lag));
    unsyncedChanges += r.unsynced;
  }
  // A shop with no history at all for a changed key never received any of its changes.
  const shops = new Set(input.ledger.inventory.map((x) => x.shop_id));
  for (const [k, changes] of changesByKey) {
    for (const shop of shops) if (!seen.has(`${shop}|${k}`)) unsyncedChanges += changes.filter((c) => c.at >= startedAt).length;
  }
  return { inventory, unsyncedChanges };
}

/** Order ingest lag: placed on the platform -> allocated in the ERP. */
function orderIngestLag({ startedAt, intervalMs, ledger, erpOrders }: AccuracyInput): TimedHistogram {
  const erpById = new Map(erpOrders.map((o) => [o.order_id, o]));
  const ingest = new TimedHistogram(startedAt, intervalMs);
  for (const o of ledger.orders) {
    const e = erpById.get(o.id);
    if (e?.allocated_at != null && o.created_at >= startedAt) ingest.record(o.created_at, Math.max(0, e.allocated_at - o.created_at));
  }
  return ingest;
}

/** Shipment sync lag: marked in the WMS -> the platform holds the package with tracking. */
function shipmentSyncLag({ startedAt, intervalMs, ledger, erpOrders }: AccuracyInput): TimedHistogram {
  const shipment = new TimedHistogram(startedAt, intervalMs);
  const firstPackage = new Map<string, number>();
  for (const p of ledger.packages) {
    if (p.shipped_at === null || p.tracking_number === null) continue;
    const prev = firstPackage.get(p.order_id);
    if (prev === undefined || p.shipped_at < prev) firstPackage.set(p.order_id, p.shipped_at);
  }
  for (const e of erpOrders) {
    if (e.shipped_at === null || e.shipped_at < startedAt) continue;
    const at = firstPackage.get(e.order_id);
    if (at !== undefined) shipment.record(e.shipped_at, Math.max(0, at - e.shipped_at));
  }
  return shipment;
}

/** Webhook ack duration (the mock's histogram) and the deliveries acked within 3 s. */
export function webhookFigures(stats: MockStats): { ack: LagSummary; ackedWithin3s: { passes: number; fails: number } } {
  const ack = LatencyHistogram.decode(stats.webhooks.ack);
  const out = stats.webhooks.outcomes;
  return {
    ack: { hdr: stats.webhooks.ack, count: ack.count, p50: ack.percentile(50), p95: ack.percentile(95), p99: ack.percentile(99), max: ack.maxMs },
    ackedWithin3s: { passes: out.delivered ?? 0, fails: (out.timeout ?? 0) + (out.failed_attempt ?? 0) },
  };
}

/** Platform calls: every TikTok API call the stack made, less the ones failed on purpose. */
export function platformCallFigures(stats: MockStats): AccuracyFigures['platformCalls'] {
  let calls = 0;
  let ok = 0;
  for (const [endpoint, s] of Object.entries(stats.endpoints)) {
    if (endpoint === 'UNMATCHED') continue;
    calls += s.calls;
    ok += s.by_code['0'] ?? 0;
  }
  const f = stats.faults;
  const injected = (f.error ?? 0) + (f.throttle ?? 0) + (f.hang ?? 0);
  return { passes: ok, fails: Math.max(0, calls - ok - injected), injected };
}

/**
 * The reconciliation, over the run's own orders: a mock the user runs may hold orders from
 * earlier traffic, which this run neither placed nor is judged on. The ERP's orders the
 * platform does not know at all stay in (a phantom order is this stack's error whenever made).
 */
function ledgerChecks(input: AccuracyInput): LedgerChecks {
  const windowOrders = input.ledger.orders.filter((o) => o.created_at >= input.startedAt);
  const windowIds = new Set(windowOrders.map((o) => o.id));
  const platformIds = new Set(input.ledger.orders.map((o) => o.id));
  return reconcile({
    platformOrders: windowOrders.map((o) => ({
      id: o.id,
      shopId: o.shop_id,
      status: o.status,
      placedAt: o.created_at,
      lines: o.line_items.map((l) => ({ skuId: l.sku_id, quantity: l.quantity })),
    })),
    platformPackages: input.ledger.packages
      .filter((p) => p.tracking_number !== null && windowIds.has(p.order_id))
      .map((p) => ({ orderId: p.order_id, trackingNumber: p.tracking_number as string, createdAt: p.shipped_at ?? 0 })),
    platformStock: input.ledger.inventory.map((x) => ({ shopId: x.shop_id, skuId: x.sku_id, warehouseId: x.warehouse_id, available: x.available })),
    erpOrders: input.erpOrders.filter((o) => windowIds.has(o.order_id) || !platformIds.has(o.order_id)).map((o) => ({
      orderId: o.order_id,
      status: o.status,
      lines: o.lines,
      allocation: o.allocation.map((a) => ({ warehouseId: a.warehouse_id, lines: a.lines })),
      allocatedAt: o.allocated_at,
      shippedAt: o.shipped_at,
      cancelledAt: o.cancelled_at ?? null,
      trackingNumber: o.shipment?.tracking_number ?? null,
      restockedUnits: (o.returns ?? []).reduce((n, r) => n + r.restocked.reduce((m, l) => m + l.quantity, 0), 0),
    })),
    erpStock: input.erpStock.flatMap((s) =>
      s.warehouses.map((w) => ({
        sku: s.sku,
        warehouseId: w.warehouse_id,
        available: w.available,
        onHand: w.on_hand,
        reserved: w.reserved,
        ...(w.offered ? { offered: w.offered } : {}),
      })),
    ),
    sellerSkuOf: input.sellerSkuOf,
    maxQuantity: MAX_PLATFORM_QUANTITY,
    ...aftersalesOf(input.ledger, windowIds),
  });
}

/** The run's own cancellations and returns, when the mock's ledger lists them. */
function aftersalesOf(ledger: MockLedger, windowIds: ReadonlySet<string>): Pick<ReconcileInput, 'aftersales'> {
  if (!ledger.cancellations || !ledger.returns) return {};
  return {
    aftersales: {
      cancellations: ledger.cancellations.filter((c) => windowIds.has(c.order_id)).map((c) => ({ id: c.id, orderId: c.order_id, status: c.status })),
      returns: ledger.returns.filter((r) => windowIds.has(r.order_id)).map((r) => ({ id: r.id, orderId: r.order_id, type: r.type, status: r.status })),
    },
  };
}
