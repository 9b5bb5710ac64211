/**
 * What the ERP believes, read through the stack's public ERP API (stack/README.md) — only
 * the contract every seller's stack implements, so reconciliation works the same against the
 * reference stack and against a seller's own.
 */
import type { StockChange } from '../erp-adapter/erp-adapter.ts';
import { callJson, getJson } from './json-client.ts';
import { waitForService } from './start-up-wait.ts';

export interface ErpStockView {
  sku: string;
  safety_stock?: number;
  /**
   * `offered`: what each shop should show, by shop id, when the stack gives shops less than all
   * of `available` (the reference stack splits low stock); absent = every shop shows `available`.
   */
  warehouses: { warehouse_id: string; on_hand: number; reserved: number; available: number; offered?: Record<string, number> }[];
  pushed: { shop_id: string; warehouse_id: string; quantity: number; pushed_at: number }[];
}

export interface ErpOrderView {
  order_id: string;
  shop_id: string;
  seq?: number;
  status: string;
  lines: { sku: string; quantity: number }[];
  allocation: { warehouse_id: string; lines: { sku: string; quantity: number }[] }[];
  received_at: number | null;
  allocated_at: number | null;
  shipped_at: number | null;
  /** When the ERP learned of the cancellation (optional in the contract); on a shipped order: the parcel left first. */
  cancelled_at?: number | null;
  shipment: { carrier: string; tracking_number: string; synced_at: number | null } | null;
  /** Returned goods put back on hand, per return (optional in the contract; none when absent). */
  returns?: { return_id: string; restocked: { warehouse_id: string; sku: string; quantity: number }[] }[];
}

/** One availability change in the ERP's log: the contract's shape, as adapters give it. */
export type ErpChange = StockChange;

/** The platform accepts quantities 0..99999; what the ERP offers is compared clamped into it. */
export const MAX_PLATFORM_QUANTITY = 99_999;

/** What `shopId` should show: its offer when the stack states one, else everything available. */
export function shownTo(shopId: string, x: { available: number; offered?: Record<string, number> }): number {
  return Math.min(MAX_PLATFORM_QUANTITY, Math.max(0, x.offered?.[shopId] ?? x.available));
}

/** Pages through an `after_seq` export; bounded by `maxPages` so a broken cursor cannot loop. */
async function* pages<T>(url: (after: number) => string, pick: (b: unknown) => { items: T[]; next: number }, maxPages = 100_000) {
  let after = 0;
  for (let i = 0; i < maxPages; i++) {
    const { items, next } = pick(await getJson<unknown>(url(after), 60_000));
    if (items.length > 0) yield items;
    if (items.length === 0 || next <= after) return;
    after = next;
  }
  throw new Error(`export at ${url(0)} did not end within ${maxPages} pages`);
}

export class ErpView {
  constructor(readonly url: string) {}

  async stock(skus: readonly string[], concurrency = 16): Promise<ErpStockView[]> {
    const out: ErpStockView[] = new Array(skus.length);
    let next = 0;
    const worker = async () => {
      while (next < skus.length) {
        const i = next++;
        out[i] = await getJson<ErpStockView>(`${this.url}/stock/${encodeURIComponent(skus[i] as string)}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, skus.length) }, worker));
    return out;
  }

  /**
   * Every order once, in its latest state. The export is in change order: an order that changes
   * while it is read (a drain that timed out, sync still running) is listed again on a later page
   * with its newer state, so the later listing replaces the earlier one; two listings are not two
   * orders.
   */
  async orders(): Promise<ErpOrderView[]> {
    const latest = new Map<string, ErpOrderView>();
    const it = pages<ErpOrderView>(
      (a) => `${this.url}/orders?after_seq=${a}&limit=1000`,
      (b) => {
        const body = b as { orders: ErpOrderView[]; next_after_seq: number };
        return { items: body.orders, next: body.next_after_seq };
      },
    );
    for await (const page of it) for (const o of page) latest.set(o.order_id, o);
    return [...latest.values()];
  }

  async changes(): Promise<ErpChange[]> {
    const all: ErpChange[] = [];
    const it = pages<ErpChange>(
      (a) => `${this.url}/stock/changes?after_seq=${a}&limit=5000`,
      (b) => {
        const body = b as { changes: ErpChange[]; next_after_seq: number };
        return { items: body.changes, next: body.next_after_seq };
      },
    );
    for await (const page of it) all.push(...page);
    return all;
  }

  /** Sets on-hand for many SKU × warehouse lines, 500 per batch (the contract's limit). */
  async setStock(lines: readonly { sku: string; warehouse_id: string; on_hand: number }[], keyPrefix: string): Promise<void> {
    for (let i = 0; i < lines.length; i += 500) {
      await callJson('POST', `${this.url}/stock/batch`, { lines: lines.slice(i, i + 500) }, {
        headers: { 'idempotency-key': `${keyPrefix}-${i / 500}` },
        timeoutMs: 60_000,
      });
    }
  }

  /**
   * Resolves once `/ready` answers 200; throws StartUpError after `timeoutMs` naming the URL,
   * the time waited and what it last said, or StartUpInterrupted when `signal` aborts.
   */
  waitReady(timeoutMs: number, signal: AbortSignal = new AbortController().signal): Promise<void> {
    return waitForService('the stack', `${this.url}/ready`, { timeoutMs, signal });
  }
}
