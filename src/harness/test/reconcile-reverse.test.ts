import { describe, expect, it } from 'vitest';
import { reconcileReverse, type ReverseInput } from '../reconcile-reverse.ts';

/** One cancelled order, one returned and one refunded, all handled as a correct stack does. */
function healthy(): ReverseInput {
  return {
    orders: [
      { id: 'c1', status: 'CANCELLED', skuIds: ['s1'], units: 2 },
      { id: 'r1', status: 'IN_TRANSIT', skuIds: ['s2'], units: 3 },
      { id: 'f1', status: 'DELIVERED', skuIds: ['s3'], units: 1 },
    ],
    shippedOnPlatform: new Set(['r1', 'f1']),
    cancellations: [{ id: 'x1', orderId: 'c1', status: 'CANCELLATION_REQUEST_COMPLETE' }],
    returns: [
      { id: 'ret1', orderId: 'r1', type: 'RETURN_AND_REFUND', status: 'RETURN_OR_REFUND_REQUEST_COMPLETE' },
      { id: 'ref1', orderId: 'f1', type: 'REFUND', status: 'RETURN_OR_REFUND_REQUEST_COMPLETE' },
    ],
    erpOrders: new Map([
      ['c1', { status: 'cancelled', shippedAt: null, restockedUnits: 0 }],
      ['r1', { status: 'shipped', shippedAt: 5, restockedUnits: 3 }],
      ['f1', { status: 'shipped', shippedAt: 6, restockedUnits: 0 }],
    ]),
    mismatchedCells: new Map(),
  };
}

type Field = 'cancelled_still_held' | 'cancelled_shipped' | 'cancelled_in_transit' | 'returns_misstocked' | 'requests_unanswered';

const CASES: { name: string; edit: (i: ReverseInput) => ReverseInput; field?: Field; example?: string }[] = [
  { name: 'a correct stack counts nothing', edit: (i) => i },
  {
    name: 'a cancelled order still allocated in the ERP is held stock',
    edit: (i) => ({ ...i, erpOrders: new Map([...i.erpOrders, ['c1', { status: 'allocated', shippedAt: null, restockedUnits: 0 }]]) }),
    field: 'cancelled_still_held',
    example: 'c1 (allocated in the ERP)',
  },
  {
    name: "a cancelled order whose SKU a shop does not show as the ERP offers is not back on sale",
    edit: (i) => ({ ...i, mismatchedCells: new Map([['s1', ['shop2/SKU1/wh platform 0, ERP 2']]]) }),
    field: 'cancelled_still_held',
    example: 'c1 (shop2/SKU1/wh platform 0, ERP 2 differs from the ERP)',
  },
  {
    name: 'a cancelled order the ERP shipped',
    edit: (i) => ({ ...i, erpOrders: new Map([...i.erpOrders, ['c1', { status: 'shipped', shippedAt: 9, restockedUnits: 0 }]]) }),
    field: 'cancelled_shipped',
    example: 'c1 (shipped by the ERP)',
  },
  {
    name: 'a cancelled order that left before the ERP learned of the cancellation is in transit, not shipped after all',
    edit: (i) => ({ ...i, erpOrders: new Map([...i.erpOrders, ['c1', { status: 'shipped', shippedAt: 9, inTransit: true, restockedUnits: 0 }]]) }),
    field: 'cancelled_in_transit',
    example: 'c1 (shipped before the ERP learned of the cancellation)',
  },
  {
    name: 'in transit by the ERP, yet its tracking is on the platform: shipped after all',
    edit: (i) => ({
      ...i,
      shippedOnPlatform: new Set([...i.shippedOnPlatform, 'c1']),
      erpOrders: new Map([...i.erpOrders, ['c1', { status: 'shipped', shippedAt: 9, inTransit: true, restockedUnits: 0 }]]),
    }),
    field: 'cancelled_shipped',
    example: 'c1 (shipped by the ERP)',
  },
  {
    name: 'a cancelled order with a package on the platform',
    edit: (i) => ({ ...i, shippedOnPlatform: new Set([...i.shippedOnPlatform, 'c1']) }),
    field: 'cancelled_shipped',
    example: 'c1 (package on the platform)',
  },
  {
    name: 'a return accepted back and not restocked',
    edit: (i) => ({ ...i, erpOrders: new Map([...i.erpOrders, ['r1', { status: 'shipped', shippedAt: 5, restockedUnits: 0 }]]) }),
    field: 'returns_misstocked',
    example: 'r1 (0 restocked, 3 returned)',
  },
  {
    name: 'a refund the buyer keeps, restocked anyway',
    edit: (i) => ({ ...i, erpOrders: new Map([...i.erpOrders, ['f1', { status: 'shipped', shippedAt: 6, restockedUnits: 1 }]]) }),
    field: 'returns_misstocked',
    example: 'f1 (1 restocked, 0 returned)',
  },
  {
    name: 'a return still on its way back is not restocked yet, and waits for nobody',
    edit: (i) => ({
      ...i,
      returns: [{ ...i.returns[0]!, status: 'AWAITING_BUYER_SHIP' }, i.returns[1]!],
      erpOrders: new Map([...i.erpOrders, ['r1', { status: 'shipped', shippedAt: 5, restockedUnits: 0 }]]),
    }),
  },
  {
    name: 'a package shipped back and not accepted waits for the seller',
    edit: (i) => ({ ...i, returns: [{ ...i.returns[0]!, status: 'BUYER_SHIPPED_ITEM' }, i.returns[1]!], erpOrders: new Map([...i.erpOrders, ['r1', { status: 'shipped', shippedAt: 5, restockedUnits: 0 }]]) }),
    field: 'requests_unanswered',
    example: 'return ret1 of r1 (BUYER_SHIPPED_ITEM)',
  },
  {
    name: 'a cancellation request left pending',
    edit: (i) => ({ ...i, cancellations: [{ id: 'x2', orderId: 'r1', status: 'CANCELLATION_REQUEST_PENDING' }] }),
    field: 'requests_unanswered',
    example: 'cancellation x2 of r1',
  },
];

describe('reconcileReverse', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const r = reconcileReverse(c.edit(healthy()));
      expect(r.cancellations_checked).toBe(1);
      expect(r.returns_checked).toBe(2);
      for (const f of ['cancelled_still_held', 'cancelled_shipped', 'cancelled_in_transit', 'returns_misstocked', 'requests_unanswered'] as const) {
        expect(r[f], f).toEqual(f === c.field ? { count: 1, examples: [c.example] } : { count: 0, examples: [] });
      }
    });
  }
});
