/**
 * Reconciliation after drain: what the platform believes (the mock's ledger, ground truth)
 * against what the ERP believes (the stack's exports). The checks are the ones flows.md
 * names under "The ledger after drain"; each count comes with a few example ids so a failure
 * can be chased.
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
  trackingNumber: string | null;
}
export interface ErpStock {
  sku: string;
  warehouseId: string;
  available: number;
}

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
}

export interface Finding {
  count: number;
  examples: string[];
}

export interface Reconciliation {
  converged: { checked: number; mismatched: number; examples: string[] };
  lostOrders: Finding;
  oversoldOrders: Finding;
  duplicateAllocations: Finding;
  duplicateShipments: Finding;
  trackingMismatches: Finding;
  /** shipped in the ERP, no package on the platform */
  unsyncedShipments: Finding;
  /** a package on the platform the ERP never shipped */
  phantomShipments: Finding;
  platformOrders: number;
  erpOrders: number;
}

const EXAMPLES = 5;

class Tally implements Finding {
  count = 0;
  examples: string[] = [];
  add(example: string): void {
    this.count++;
    if (this.examples.length < EXAMPLES) this.examples.push(example);
  }
}

export function reconcile(input: ReconcileInput): Reconciliation {
  const max = input.maxQuantity ?? 99_999;
  const erpById = new Map<string, ErpOrder>();
  const duplicateAllocations = new Tally();
  for (const o of input.erpOrders) {
    if (erpById.has(o.orderId)) duplicateAllocations.add(`${o.orderId} (listed twice)`);
    erpById.set(o.orderId, o);
  }

  const lostOrders = new Tally();
  const oversoldOrders = new Tally();
  for (const p of input.platformOrders) {
    const e = erpById.get(p.id);
    if (!e) {
      lostOrders.add(p.id);
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
  const unsyncedShipments = new Tally();
  const phantomShipments = new Tally();
  for (const [orderId, pks] of packagesByOrder) {
    if (pks.length > 1) duplicateShipments.add(`${orderId} (${pks.length} packages)`);
    const e = erpById.get(orderId);
    if (!e || e.shippedAt === null) {
      phantomShipments.add(orderId);
      continue;
    }
    if (pks.some((pk) => pk.trackingNumber !== e.trackingNumber)) {
      trackingMismatches.add(`${orderId} (ERP ${e.trackingNumber}, platform ${pks.map((p) => p.trackingNumber).join(',')})`);
    }
  }
  for (const e of input.erpOrders) {
    if (e.shippedAt !== null && !packagesByOrder.has(e.orderId)) unsyncedShipments.add(e.orderId);
  }

  const erpAvail = new Map<string, number>();
  for (const s of input.erpStock) erpAvail.set(`${s.sku}|${s.warehouseId}`, Math.min(max, Math.max(0, s.available)));
  let checked = 0;
  let mismatched = 0;
  const examples: string[] = [];
  for (const ps of input.platformStock) {
    const sku = input.sellerSkuOf.get(ps.skuId);
    if (sku === undefined) continue;
    checked++;
    const want = erpAvail.get(`${sku}|${ps.warehouseId}`) ?? 0;
    if (ps.available !== want) {
      mismatched++;
      if (examples.length < EXAMPLES)
        examples.push(`shop ${ps.shopId} ${sku} @ ${ps.warehouseId}: platform ${ps.available}, ERP ${want}`);
    }
  }

  return {
    converged: { checked, mismatched, examples },
    lostOrders,
    oversoldOrders,
    duplicateAllocations,
    duplicateShipments,
    trackingMismatches,
    unsyncedShipments,
    phantomShipments,
    platformOrders: input.platformOrders.length,
    erpOrders: erpById.size,
  };
}
