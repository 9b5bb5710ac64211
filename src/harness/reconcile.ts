import type { ConvergenceMismatch, ReconCount, Reconciliation } from '../results/run-result.ts';
import { reconcileReverse } from './reconcile-reverse.ts';

/**
 * Reconciliation after drain: what the platform believes (the mock's ledger, ground truth)
 * against what the ERP believes (the stack's exports). The checks are the ones docs/flows.md
 * names under "the ledger after drain"; each count comes with a few example ids so a failure
 * can be chased. A shipment the platform never got, or a package the ERP never shipped, is a
 * tracking mismatch: either way the platform does not show the tracking the warehouse issued.
 *
 * Statuses are compared too: an order the ERP cancelled while the platform still awaits its
 * shipment is lost like one the ERP never heard of (nobody ships it: a late dispatch, a lost
 * sale). The other way round, an order the platform cancelled that the ERP still holds ties up
 * stock but loses no sale: the reverse-flow checks count it (reconcile-reverse.ts), with the
 * cancellations, buyers' requests and returns, when the platform's ledger lists them.
 */

export interface PlatformOrder {
  id: string;
  shopId: string;
  status: string;
  placedAt: number;
  lines: { skuId: string; quantity: number }[];
}
export interface PlatformPackage {
  orderId: string;
  trackingNumber: string;
  createdAt: number;
}
export interface PlatformStock {
  shopId: string;
  skuId: string;
  warehouseId: string;
  available: number;
}
export interface ErpOrder {
  orderId: string;
  status: string; // allocated | backordered | cancelled | shipped | received
  lines: { sku: string; quantity: number }[];
  allocation: { warehouseId: string; lines: { sku: string; quantity: number }[] }[];
  allocatedAt: number | null;
  shippedAt: number | null;
  /** When the ERP learned the order was cancelled; after `shippedAt`: the parcel left first (cancelled in transit). */
  cancelledAt?: number | null;
  trackingNumber: string | null;
  /** Units the ERP put back on hand for this order's returns (the contract's `returns`). */
  restockedUnits?: number;
}
export interface ErpStock {
  sku: string;
  warehouseId: string;
  available: number;
  /** When given: reserving more than is on hand is overselling too (double-booked stock). */
  onHand?: number;
  reserved?: number;
  /** What each shop should show, by shop id, when the ERP offers shops less than all of it. */
  offered?: Record<string, number>;
}

/** Platform statuses of an order the seller still has to ship. */
const WILL_SHIP = new Set(['AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING']);

export interface ReconcileInput {
  platformOrders: readonly PlatformOrder[];
  platformPackages: readonly PlatformPackage[];
  platformStock: readonly PlatformStock[];
  erpOrders: readonly ErpOrder[];
  erpStock: readonly ErpStock[];
  /** platform sku_id -> seller_sku (the ERP's SKU name) */
  sellerSkuOf: ReadonlyMap<string, string>;
  /** the platform's quantity range; the ERP's available is clamped into it before comparing */
  maxQuantity?: number;
  /** The platform's cancellation requests and returns; without them the reverse flows are not checked. */
  aftersales?: {
    cancellations: readonly { id: string; orderId: string; status: string }[];
    returns: readonly { id: string; orderId: string; type: string; status: string }[];
  };
}

/** The ledger checks of docs/flows.md; the drain fields are the caller's. */
export type LedgerChecks = Omit<Reconciliation, 'drained' | 'drain_ms'>;

const EXAMPLES = 5;

class Tally implements ReconCount {
  count = 0;
  examples: string[] = [];
  add(example: string): void {
    this.count++;
    if (this.examples.length < EXAMPLES) this.examples.push(example);
  }
}

export function reconcile(input: ReconcileInput): LedgerChecks {
  const max = input.maxQuantity ?? 99_999;
  // one entry per order (ErpView.orders keeps each order's latest listing)
  const erpById = new Map<string, ErpOrder>();
  const duplicateAllocations = new Tally();
  for (const o of input.erpOrders) erpById.set(o.orderId, o);

  const lostOrders = new Tally();
  const oversoldOrders = new Tally();
  for (const p of input.platformOrders) {
    const e = erpById.get(p.id);
    if (!e) {
      lostOrders.add(p.id);
      continue;
    }
    if (e.status === 'cancelled' && WILL_SHIP.has(p.status)) {
      lostOrders.add(`${p.id} (cancelled in the ERP, ${p.status} on the platform)`);
      continue;
    }
    if (e.status === 'backordered') oversoldOrders.add(p.id);
    const ordered = new Map<string, number>();
    for (const l of e.lines) ordered.set(l.sku, (ordered.get(l.sku) ?? 0) + l.quantity);
    const allocated = new Map<string, number>();
    for (const a of e.allocation) for (const l of a.lines) allocated.set(l.sku, (allocated.get(l.sku) ?? 0) + l.quantity);
    for (const [sku, q] of allocated) {
      if (q > (ordered.get(sku) ?? 0)) {
        duplicateAllocations.add(`${p.id} (${sku}: ${q} allocated for ${ordered.get(sku) ?? 0} ordered)`);
        break;
      }
    }
  }

  const packagesByOrder = new Map<string, PlatformPackage[]>();
  for (const pk of input.platformPackages) {
    const list = packagesByOrder.get(pk.orderId);
    if (list) list.push(pk);
    else packagesByOrder.set(pk.orderId, [pk]);
  }
  const duplicateShipments = new Tally();
  const trackingMismatches = new Tally();
  for (const [orderId, pks] of packagesByOrder) {
    if (pks.length > 1) duplicateShipments.add(`${orderId} (${pks.length} packages)`);
    const e = erpById.get(orderId);
    if (!e || e.shippedAt === null) {
      trackingMismatches.add(`${orderId} (on the platform, never shipped by the ERP)`);
      continue;
    }
    if (pks.some((pk) => pk.trackingNumber !== e.trackingNumber)) {
      trackingMismatches.add(`${orderId} (ERP ${e.trackingNumber}, platform ${pks.map((p) => p.trackingNumber).join(',')})`);
    }
  }
  const platformStatus = new Map(input.platformOrders.map((p) => [p.id, p.status]));
  for (const e of input.erpOrders) {
    if (e.shippedAt === null || packagesByOrder.has(e.orderId)) continue;
    // Cancelled in transit: the platform refuses the tracking of an order it cancelled, and the
    // ERP shows it knows (reconcile-reverse.ts counts these apart).
    if (platformStatus.get(e.orderId) === 'CANCELLED' && cancelledInTransit(e.shippedAt, e.cancelledAt)) continue;
    trackingMismatches.add(`${e.orderId} (shipped by the ERP, not on the platform)`);
  }

  const erpStock = new Map<string, ErpStock>();
  for (const s of input.erpStock) {
    erpStock.set(`${s.sku}|${s.warehouseId}`, s);
    if (s.reserved !== undefined && s.onHand !== undefined && s.reserved > s.onHand) {
      oversoldOrders.add(`${s.sku} @ ${s.warehouseId}: ${s.reserved} reserved, ${s.onHand} on hand`);
    }
  }
  const cells = compareCells(input.platformStock, erpStock, input.sellerSkuOf, max);
  const examples: ConvergenceMismatch[] = cells.mismatches.slice(0, EXAMPLES).map((m) => m.cell);
  const checked = cells.checked;
  const mismatched = cells.mismatches.length;
  const reverse = input.aftersales && reverseChecks(input, input.aftersales, erpById, packagesByOrder, cells.mismatches);

  return {
    converged: { checked, mismatched, examples },
    orders_checked: input.platformOrders.length,
    lost_orders: plain(lostOrders),
    oversold_orders: plain(oversoldOrders),
    duplicate_allocations: plain(duplicateAllocations),
    duplicate_shipments: plain(duplicateShipments),
    shipments_checked: input.erpOrders.filter((o) => o.shippedAt !== null).length,
    tracking_mismatches: plain(trackingMismatches),
    ...(reverse ? { reverse } : {}),
  };
}

function reverseChecks(
  input: ReconcileInput,
  aftersales: NonNullable<ReconcileInput['aftersales']>,
  erpById: ReadonlyMap<string, ErpOrder>,
  packagesByOrder: ReadonlyMap<string, PlatformPackage[]>,
  mismatches: readonly CellMismatch[],
) {
  const mismatchedCells = new Map<string, string[]>();
  for (const m of mismatches) {
    const list = mismatchedCells.get(m.skuId) ?? [];
    list.push(`${m.cell.shop_id}/${m.cell.seller_sku}/${m.cell.warehouse_id} platform ${m.cell.platform}, ERP ${m.cell.erp}`);
    mismatchedCells.set(m.skuId, list);
  }
  return reconcileReverse({
    orders: input.platformOrders.map((o) => ({ id: o.id, status: o.status, skuIds: o.lines.map((l) => l.skuId), units: o.lines.reduce((n, l) => n + l.quantity, 0) })),
    shippedOnPlatform: new Set(packagesByOrder.keys()),
    cancellations: aftersales.cancellations,
    returns: aftersales.returns,
    erpOrders: new Map([...erpById].map(([id, e]) => [id, { status: e.status, shippedAt: e.shippedAt, inTransit: cancelledInTransit(e.shippedAt, e.cancelledAt), restockedUnits: e.restockedUnits ?? 0 }])),
    mismatchedCells,
  });
}

/**
 * The ERP shipped the order and learned of its cancellation only afterwards: the buyer and the
 * warehouse raced, and the parcel is one to recall. Shipping after the ERP knew is a defect.
 */
export function cancelledInTransit(shippedAt: number | null, cancelledAt: number | null | undefined): boolean {
  return shippedAt !== null && cancelledAt != null && cancelledAt >= shippedAt;
}

function plain(t: Tally): ReconCount {
  return { count: t.count, examples: t.examples };
}

/** A shop × SKU × warehouse cell where the platform does not show what the ERP offers that shop. */
export interface CellMismatch {
  skuId: string;
  cell: ConvergenceMismatch;
}

/** Compares every platform cell with the ERP's offer to its shop (clamped into the platform's range). */
export function compareCells(
  platformStock: readonly PlatformStock[],
  erpStock: ReadonlyMap<string, ErpStock>,
  sellerSkuOf: ReadonlyMap<string, string>,
  max: number,
): { checked: number; mismatches: CellMismatch[] } {
  let checked = 0;
  const mismatches: CellMismatch[] = [];
  for (const ps of platformStock) {
    const sku = sellerSkuOf.get(ps.skuId);
    if (sku === undefined) continue;
    checked++;
    const e = erpStock.get(`${sku}|${ps.warehouseId}`);
    const want = e ? Math.min(max, Math.max(0, e.offered?.[ps.shopId] ?? e.available)) : 0;
    if (ps.available !== want) mismatches.push({ skuId: ps.skuId, cell: { shop_id: ps.shopId, seller_sku: sku, warehouse_id: ps.warehouseId, platform: ps.available, erp: want } });
  }
  return { checked, mismatches };
}
