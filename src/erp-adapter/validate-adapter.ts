/**
 * Validation of a loaded adapter, before any load is sent: every required operation is a
 * function, then the operations that can be tried without changing anything are tried, each
 * bounded by the operation timeout, and their answers checked (answer-shapes.ts). With a probe
 * SKU × warehouse, the stock write is tried too: it sets on-hand to the value just read, which
 * changes no quantity. Every problem is reported, each naming its operation.
 */
import { isRefusal } from './adapter-errors.ts';
import { REQUIRED_OPERATIONS, OPTIONAL_OPERATIONS, type ErpAdapter, type ErpStock } from './erp-adapter.ts';
import { GuardedAdapter } from './guarded-adapter.ts';

export interface Probe {
  sku: string;
  warehouse_id: string;
}

/** Every problem found; empty when the adapter is usable. */
export async function validateAdapter(adapter: ErpAdapter, opts: { timeoutMs: number; probe?: Probe }): Promise<string[]> {
  const problems: string[] = [];
  if (typeof adapter.name !== 'string' || adapter.name === '') problems.push('name: the adapter must have a non-empty string `name`');
  for (const op of REQUIRED_OPERATIONS) if (typeof adapter[op] !== 'function') problems.push(`${op}: missing (every adapter needs ${REQUIRED_OPERATIONS.join(', ')})`);
  for (const op of OPTIONAL_OPERATIONS) {
    const v = adapter[op];
    if (v !== undefined && typeof v !== 'function') problems.push(`${op}: must be a function when present (got ${typeof v})`);
  }
  if (problems.length > 0) return problems;

  const guarded = new GuardedAdapter(adapter, opts.timeoutMs);
  const attempt = async (op: string, run: () => Promise<unknown>) => {
    try {
      return await run();
    } catch (e) {
      if (isRefusal(e)) return undefined;
      problems.push(`${op}: ${(e as Error).message}`);
      return undefined;
    }
  };
  if (guarded.has('ready')) {
    const ready = await attempt('ready', () => guarded.call<boolean>('ready', []));
    if (ready === false) problems.push('ready: the ERP says it is not ready');
  }
  await attempt('listOrders', () => guarded.call('listOrders', [0, 1], { afterSeq: 0 }));
  await attempt('readOrder', () => guarded.call('readOrder', ['peakday-probe-no-such-order'], { orderId: 'peakday-probe-no-such-order' }));
  if (guarded.has('stockChanges')) await attempt('stockChanges', () => guarded.call('stockChanges', [0, 1], { afterSeq: 0 }));
  const probe = opts.probe;
  const stock = (await attempt('readStock', () => guarded.call<ErpStock | null>('readStock', [probe?.sku ?? 'peakday-probe-no-such-sku']))) as ErpStock | null | undefined;
  const level = probe && stock?.warehouses.find((w) => w.warehouse_id === probe.warehouse_id);
  if (probe && level) await attempt('setStock', () => guarded.call('setStock', [{ ...probe, on_hand: level.on_hand }, {}]));
  return problems;
}
