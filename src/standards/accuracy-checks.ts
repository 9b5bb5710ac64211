/**
 * The accuracy checks: how each reads the reconciliation ledger the harness takes after the
 * drain (docs/flows.md, "the ledger after drain"). A check turns the ledger into one figure in its
 * unit, plus a sentence with example ids so a failure points at something to look up.
 */
import type { Reconciliation, ReconCount, Unit } from '../results/run-result.ts';
import { formatCount } from './format.ts';

export const ACCURACY_CHECKS = [
  'inventory_converged',
  'oversold_orders',
  'lost_orders',
  'duplicate_allocations',
  'duplicate_shipments',
  'tracking_as_issued',
  'cancelled_stock_released',
  'cancelled_not_shipped',
  'returns_restocked',
  'requests_answered',
] as const;
export type AccuracyCheck = (typeof ACCURACY_CHECKS)[number];

export function isAccuracyCheck(name: string): name is AccuracyCheck {
  return (ACCURACY_CHECKS as readonly string[]).includes(name);
}

export interface CheckFigure {
  value: number;
  detail: string;
}

/** null when the ledger holds nothing to judge (e.g. no shipment was made). */
export type CheckMeasure = (r: Reconciliation) => CheckFigure | { notMeasured: string };

const MAX_EXAMPLES = 5;

function examples(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, MAX_EXAMPLES).join(', ');
  return ids.length > MAX_EXAMPLES ? `e.g. ${shown}, …` : `e.g. ${shown}`;
}

function counted(c: ReconCount, noun: string, checked: number): CheckFigure {
  if (c.count === 0) return { value: 0, detail: `none among ${formatCount(checked)} orders checked` };
  return { value: c.count, detail: `${c.count} ${noun}: ${examples(c.examples)}` };
}

/** A reverse-flow count (src/harness/reconcile-reverse.ts); not measured when the run had none of `what`. */
function reverse(pick: (r: NonNullable<Reconciliation['reverse']>) => [ReconCount, number], noun: string, what: string): CheckMeasure {
  return (r) => {
    if (!r.reverse) return { notMeasured: 'the platform ledger lists no cancellations or returns' };
    const [c, checked] = pick(r.reverse);
    if (checked === 0) return { notMeasured: `the run had no ${what}` };
    if (c.count === 0) return { value: 0, detail: `none among ${formatCount(checked)} ${what}` };
    return { value: c.count, detail: `${c.count} ${noun}: ${examples(c.examples)}` };
  };
}

export const CHECKS: Record<AccuracyCheck, { unit: Unit; measure: CheckMeasure }> = {
  inventory_converged: {
    unit: 'ratio',
    measure: (r) => {
      const c = r.converged;
      if (c.checked === 0) return { notMeasured: 'no shop × SKU × warehouse cell was compared' };
      const ids = c.examples.map((e) => `${e.shop_id}/${e.seller_sku}/${e.warehouse_id} platform ${e.platform} ≠ ERP ${e.erp}`);
      const value = (c.checked - c.mismatched) / c.checked;
      return c.mismatched === 0
        ? { value, detail: `all ${formatCount(c.checked)} cells equal` }
        : { value, detail: `${c.mismatched} of ${c.checked} cells differ: ${examples(ids)}` };
    },
  },
  oversold_orders: { unit: 'count', measure: (r) => counted(r.oversold_orders, 'oversold', r.orders_checked) },
  lost_orders: { unit: 'count', measure: (r) => counted(r.lost_orders, 'lost', r.orders_checked) },
  duplicate_allocations: {
    unit: 'count',
    measure: (r) => counted(r.duplicate_allocations, 'allocated more than once', r.orders_checked),
  },
  duplicate_shipments: {
    unit: 'count',
    measure: (r) => counted(r.duplicate_shipments, 'shipped more than once', r.orders_checked),
  },
  tracking_as_issued: {
    unit: 'ratio',
    measure: (r) => {
      if (r.shipments_checked === 0) return { notMeasured: 'no shipment was made' };
      const bad = r.tracking_mismatches.count;
      const value = Math.max(0, r.shipments_checked - bad) / r.shipments_checked;
      return bad === 0
        ? { value, detail: `all ${formatCount(r.shipments_checked)} shipments carry the issued tracking number` }
        : { value, detail: `${bad} of ${r.shipments_checked} shipments differ: ${examples(r.tracking_mismatches.examples)}` };
    },
  },
  cancelled_stock_released: {
    unit: 'count',
    measure: reverse((x) => [x.cancelled_still_held, x.cancellations_checked], 'not back on sale', 'cancelled orders'),
  },
  cancelled_not_shipped: {
    unit: 'count',
    measure: reverse((x) => [x.cancelled_shipped, x.cancellations_checked], 'shipped after all', 'cancelled orders'),
  },
  returns_restocked: {
    unit: 'count',
    measure: reverse((x) => [x.returns_misstocked, x.returns_checked], 'restocked wrongly', 'returns'),
  },
  requests_answered: {
    unit: 'count',
    measure: reverse((x) => [x.requests_unanswered, x.requests_checked], 'still waiting for the seller', "buyers' cancellation requests and returns"),
  },
};
