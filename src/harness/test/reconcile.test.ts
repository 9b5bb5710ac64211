import { describe, expect, it } from 'vitest';
import { reconcile, type ErpOrder, type ReconcileInput } from '../reconcile.ts';

function erpOrder(id: string, over: Partial<ErpOrder> = {}): ErpOrder {
  return {
    orderId: id,
    status: 'allocated',
    lines: [{ sku: 'A', quantity: 1 }],
    allocation: [{ warehouseId: 'W1', lines: [{ sku: 'A', quantity: 1 }] }],
    allocatedAt: 10,
    shippedAt: null,
    trackingNumber: null,
    ...over,
  };
}

function base(): ReconcileInput {
  return {
    platformOrders: [
      { id: 'o1', shopId: 's1', status: 'AWAITING_SHIPMENT', placedAt: 1, lines: [{ skuId: 'k1', quantity: 1 }] },
      { id: 'o2', shopId: 's2', status: 'AWAITING_COLLECTION', placedAt: 2, lines: [{ skuId: 'k1', quantity: 1 }] },
    ],
    platformPackages: [{ orderId: 'o2', trackingNumber: 'T2', createdAt: 30 }],
    platformStock: [
      { shopId: 's1', skuId: 'k1', warehouseId: 'W1', available: 8 },
      { shopId: 's2', skuId: 'k1', warehouseId: 'W1', available: 8 },
    ],
    erpOrders: [erpOrder('o1'), erpOrder('o2', { status: 'shipped', shippedAt: 20, trackingNumber: 'T2' })],
    erpStock: [{ sku: 'A', warehouseId: 'W1', available: 8 }],
    sellerSkuOf: new Map([['k1', 'A']]),
  };
}

describe('reconcile', () => {
  it('finds nothing wrong in an agreeing ledger', () => {
    const r = reconcile(base());
    expect(r.converged).toEqual({ checked: 2, mismatched: 0, examples: [] });
    for (const f of [r.lost_orders, r.oversold_orders, r.duplicate_allocations, r.duplicate_shipments, r.tracking_mismatches])
      expect(f.count).toBe(0);
    expect(r.orders_checked).toBe(2);
    expect(r.shipments_checked).toBe(1);
  });

  const cases: { name: string; mutate: (i: ReconcileInput) => void; expect: (r: ReturnType<typeof reconcile>) => void }[] = [
    {
      name: 'an order the ERP never heard of is lost',
      mutate: (i) => (i.erpOrders = i.erpOrders.filter((o) => o.orderId !== 'o1')),
      expect: (r) => expect(r.lost_orders).toEqual({ count: 1, examples: ['o1'] }),
    },
    {
      name: 'an order the ERP cancelled while the platform awaits its shipment is lost',
      mutate: (i) => (i.erpOrders = [erpOrder('o1', { status: 'cancelled', allocation: [] }), i.erpOrders[1] as ErpOrder]),
      expect: (r) => expect(r.lost_orders).toEqual({ count: 1, examples: ['o1 (cancelled in the ERP, AWAITING_SHIPMENT on the platform)'] }),
    },
    {
      name: 'an order the ERP cancelled while the platform is shipping part of it is lost',
      mutate: (i) => {
        i.platformOrders = [{ ...i.platformOrders[0]!, status: 'PARTIALLY_SHIPPING' }, i.platformOrders[1]!];
        i.erpOrders = [erpOrder('o1', { status: 'cancelled', allocation: [] }), i.erpOrders[1] as ErpOrder];
      },
      expect: (r) => expect(r.lost_orders.count).toBe(1),
    },
    {
      name: 'an order cancelled on both sides is not lost',
      mutate: (i) => {
        i.platformOrders = [{ ...i.platformOrders[0]!, status: 'CANCELLED' }, i.platformOrders[1]!];
        i.erpOrders = [erpOrder('o1', { status: 'cancelled', allocation: [] }), i.erpOrders[1] as ErpOrder];
      },
      expect: (r) => expect(r.lost_orders.count).toBe(0),
    },
    {
      name: 'a backordered order is oversold',
      mutate: (i) => (i.erpOrders = [erpOrder('o1', { status: 'backordered', allocation: [] }), i.erpOrders[1] as ErpOrder]),
      expect: (r) => expect(r.oversold_orders.count).toBe(1),
    },
    {
      name: 'allocating more than ordered is a duplicate allocation',
      mutate: (i) =>
        (i.erpOrders = [
          erpOrder('o1', { allocation: [{ warehouseId: 'W1', lines: [{ sku: 'A', quantity: 1 }] }, { warehouseId: 'W2', lines: [{ sku: 'A', quantity: 1 }] }] }),
          i.erpOrders[1] as ErpOrder,
        ]),
      expect: (r) => expect(r.duplicate_allocations.count).toBe(1),
    },
    {
      name: 'two packages for one order is a duplicate shipment',
      mutate: (i) => (i.platformPackages = [...i.platformPackages, { orderId: 'o2', trackingNumber: 'T2', createdAt: 40 }]),
      expect: (r) => expect(r.duplicate_shipments.count).toBe(1),
    },
    {
      name: 'another tracking number on the platform is a mismatch',
      mutate: (i) => (i.platformPackages = [{ orderId: 'o2', trackingNumber: 'X', createdAt: 30 }]),
      expect: (r) => expect(r.tracking_mismatches.count).toBe(1),
    },
    {
      name: 'a shipment the platform never got is unsynced',
      mutate: (i) => (i.platformPackages = []),
      expect: (r) => expect(r.tracking_mismatches).toEqual({ count: 1, examples: ['o2 (shipped by the ERP, not on the platform)'] }),
    },
    {
      name: 'a parcel cancelled in transit (the ERP learned of it after shipping) is no tracking mismatch',
      mutate: (i) => {
        i.platformPackages = [];
        i.platformOrders = i.platformOrders.map((o) => (o.id === 'o2' ? { ...o, status: 'CANCELLED' } : o));
        i.erpOrders = [erpOrder('o1'), erpOrder('o2', { status: 'shipped', shippedAt: 20, cancelledAt: 25, trackingNumber: 'T2' })];
        i.aftersales = { cancellations: [], returns: [] };
      },
      expect: (r) => {
        expect(r.tracking_mismatches.count).toBe(0);
        expect(r.reverse?.cancelled_in_transit).toEqual({ count: 1, examples: ['o2 (shipped before the ERP learned of the cancellation)'] });
        expect(r.reverse?.cancelled_shipped.count).toBe(0);
      },
    },
    {
      name: 'a cancelled order the ERP did not record as cancelled, missing its tracking, is a mismatch',
      mutate: (i) => {
        i.platformPackages = [];
        i.platformOrders = i.platformOrders.map((o) => (o.id === 'o2' ? { ...o, status: 'CANCELLED' } : o));
      },
      expect: (r) => expect(r.tracking_mismatches).toEqual({ count: 1, examples: ['o2 (shipped by the ERP, not on the platform)'] }),
    },
    {
      name: 'a package the ERP never shipped is a phantom',
      mutate: (i) => (i.platformPackages = [...i.platformPackages, { orderId: 'o1', trackingNumber: 'T1', createdAt: 5 }]),
      expect: (r) => expect(r.tracking_mismatches.count).toBe(1),
    },
    {
      name: 'a shop showing other stock than the ERP has not converged',
      mutate: (i) => ((i.platformStock[1] as { available: number }).available = 9),
      expect: (r) => expect(r.converged.examples).toEqual([{ shop_id: 's2', seller_sku: 'A', warehouse_id: 'W1', platform: 9, erp: 8 }]),
    },
    {
      name: 'ERP availability above the platform maximum is compared clamped',
      mutate: (i) => {
        i.erpStock = [{ sku: 'A', warehouseId: 'W1', available: 200_000 }];
        i.platformStock = i.platformStock.map((s) => ({ ...s, available: 99_999 }));
      },
      expect: (r) => expect(r.converged.mismatched).toBe(0),
    },
  ];
  cases.push({
    name: 'a shop showing its offered share of low stock has converged; one showing all of it has not',
    mutate: (i) => {
      i.erpStock = [{ sku: 'A', warehouseId: 'W1', available: 8, offered: { s1: 4, s2: 4 } }];
      i.platformStock = [
        { shopId: 's1', skuId: 'k1', warehouseId: 'W1', available: 4 },
        { shopId: 's2', skuId: 'k1', warehouseId: 'W1', available: 8 },
      ];
    },
    expect: (r) => expect(r.converged.examples).toEqual([{ shop_id: 's2', seller_sku: 'A', warehouse_id: 'W1', platform: 8, erp: 4 }]),
  });
  cases.push({
    name: 'reserving more than is on hand is overselling',
    mutate: (i) => (i.erpStock = [{ sku: 'A', warehouseId: 'W1', available: 8, onHand: 3, reserved: 5 }]),
    expect: (r) => expect(r.oversold_orders).toEqual({ count: 1, examples: ['A @ W1: 5 reserved, 3 on hand'] }),
  });
  for (const c of cases) {
    it(c.name, () => {
      const input = base();
      c.mutate(input);
      c.expect(reconcile(input));
    });
  }
});
