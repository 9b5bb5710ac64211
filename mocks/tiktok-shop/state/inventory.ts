/**
 * Platform inventory: available and committed per shop x SKU x warehouse, and the history of
 * available per key so the harness can compute sync lag exactly (not by sampling).
 *
 * Dense typed arrays indexed by (sku, shop, warehouse), so a key is arithmetic, never a string,
 * and 3 x 200 x 3 keys cost a few KB. The SKU is the outermost coordinate because it is the one
 * that grows: a product the seller creates appends its SKUs (`addSkus`), and every existing key
 * keeps its value. History grows per key in typed arrays (doubling), because at thousands of
 * pushes per second an array of objects would dominate the heap.
 */
import type { SeededCatalog } from './catalog.ts';
import { Waiters, type WaitResult } from './waiters.ts';

/** Why available changed: an inventory/update push, a control-API seed, an order commit, a release on cancel. */
export const SOURCES = ['push', 'set', 'order', 'release'] as const;
export type HistorySource = (typeof SOURCES)[number];

export interface CommitPart {
  warehouse_id: string;
  quantity: number;
}

class HistoryLog {
  t = new Float64Array(8);
  q = new Int32Array(8);
  s = new Uint8Array(8);
  n = 0;
  push(t: number, q: number, s: number): void {
    if (this.n === this.t.length) {
      const t2 = new Float64Array(this.n * 2);
      t2.set(this.t);
      this.t = t2;
      const q2 = new Int32Array(this.n * 2);
      q2.set(this.q);
      this.q = q2;
      const s2 = new Uint8Array(this.n * 2);
      s2.set(this.s);
      this.s = s2;
    }
    this.t[this.n] = t;
    this.q[this.n] = q;
    this.s[this.n] = s;
    this.n++;
  }
  /** First index with time >= since (times are appended in non-decreasing order). */
  from(since: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.t[mid] as number) < since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export class Inventory {
  private nSku: number;
  private readonly nShop: number;
  private readonly nWh: number;
  private available: Int32Array;
  private committed: Int32Array;
  private logs: (HistoryLog | undefined)[];
  private lastTime = 0;
  readonly waiters = new Waiters<number, number>();

  constructor(
    private readonly catalog: SeededCatalog,
    private readonly now: () => number,
  ) {
    this.nSku = catalog.skus.length;
    this.nShop = catalog.shops.length;
    this.nWh = catalog.warehouses.length;
    const n = this.nShop * this.nSku * this.nWh;
    this.available = new Int32Array(n);
    this.committed = new Int32Array(n);
    this.logs = new Array<HistoryLog | undefined>(n);
  }

  key(shop: number, sku: number, wh: number): number {
    return (sku * this.nShop + shop) * this.nWh + wh;
  }

  /** [shop, sku, warehouse] indexes of a key. */
  coords(k: number): [number, number, number] {
    const wh = k % this.nWh;
    const rest = (k - wh) / this.nWh;
    return [rest % this.nShop, Math.floor(rest / this.nShop), wh];
  }

  /** Keys in use (SKUs x shops x warehouses); the arrays may hold spare room beyond. */
  get size(): number {
    return this.nSku * this.nShop * this.nWh;
  }

  /** Room for `count` more SKUs (stock 0, no history), indexed after the existing ones. */
  addSkus(count: number): void {
    this.nSku += count;
    const need = this.size;
    if (need <= this.available.length) return;
    const cap = Math.max(need, this.available.length * 2);
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.available = grow(this.available);
    this.committed = grow(this.committed);
    this.logs.length = cap;
  }

  availableAt(k: number): number {
    return this.available[k] as number;
  }

  committedAt(k: number): number {
    return this.committed[k] as number;
  }

  totalAvailable(shop: number, sku: number): number {
    let sum = 0;
    const base = this.key(shop, sku, 0);
    for (let w = 0; w < this.nWh; w++) sum += this.available[base + w] as number;
    return sum;
  }

  totalCommitted(shop: number, sku: number): number {
    let sum = 0;
    const base = this.key(shop, sku, 0);
    for (let w = 0; w < this.nWh; w++) sum += this.committed[base + w] as number;
    return sum;
  }

  /** Sets available to an absolute quantity, appends history, wakes waiters on the key. */
  set(k: number, quantity: number, source: HistorySource): void {
    this.available[k] = quantity;
    this.record(k, quantity, source);
  }

  /**
   * Commits `quantity` of a SKU in a shop, or answers undefined (nothing changed) when the
   * shop's total available is short. Takes from the warehouse with most available first
   * (ties: the catalog's warehouse order), spilling over to the next only when one is short.
   */
  commit(shop: number, sku: number, quantity: number): CommitPart[] | undefined {
    if (this.totalAvailable(shop, sku) < quantity) return undefined;
    const base = this.key(shop, sku, 0);
    const order = Array.from({ length: this.nWh }, (_, w) => w).sort(
      (a, b) => (this.available[base + b] as number) - (this.available[base + a] as number) || a - b,
    );
    const parts: CommitPart[] = [];
    let left = quantity;
    for (const w of order) {
      if (left === 0) break;
      const k = base + w;
      const take = Math.min(left, this.available[k] as number);
      if (take <= 0) continue;
      this.available[k] = (this.available[k] as number) - take;
      this.committed[k] = (this.committed[k] as number) + take;
      this.record(k, this.available[k] as number, 'order');
      parts.push({ warehouse_id: (this.catalog.warehouses[w] as { id: string }).id, quantity: take });
      left -= take;
    }
    return parts;
  }

  /** Gives committed stock back to available (order cancelled before shipment). */
  release(shop: number, sku: number, parts: readonly CommitPart[]): void {
    for (const p of parts) {
      const k = this.key(shop, sku, this.catalog.warehouseIndex.get(p.warehouse_id) as number);
      this.committed[k] = Math.max(0, (this.committed[k] as number) - p.quantity);
      this.available[k] = (this.available[k] as number) + p.quantity;
      this.record(k, this.available[k] as number, 'release');
    }
  }

  /** Shipped stock has left the warehouse: committed drops, available is untouched. */
  ship(shop: number, sku: number, parts: readonly CommitPart[]): void {
    for (const p of parts) {
      const k = this.key(shop, sku, this.catalog.warehouseIndex.get(p.warehouse_id) as number);
      this.committed[k] = Math.max(0, (this.committed[k] as number) - p.quantity);
    }
  }

  /** History of key `k` from `since` (ms): [time_ms, quantity, source]. */
  history(k: number, since = 0): [number, number, HistorySource][] {
    const log = this.logs[k];
    if (!log) return [];
    const out: [number, number, HistorySource][] = [];
    for (let i = log.from(since); i < log.n; i++) {
      out.push([log.t[i] as number, log.q[i] as number, SOURCES[log.s[i] as number] as HistorySource]);
    }
    return out;
  }

  hasHistory(k: number): boolean {
    return (this.logs[k]?.n ?? 0) > 0;
  }

  /** Long-poll until available at `k` equals `quantity`. */
  waitFor(k: number, quantity: number, timeoutMs: number, signal?: AbortSignal): Promise<WaitResult<number>> {
    return this.waiters.wait(k, timeoutMs, () => ({ reached: this.available[k] === quantity, value: this.available[k] as number }), signal);
  }

  /** Stock 0 and no history everywhere, for the SKUs the catalog holds now (back to the seed's after its reset). */
  reset(): void {
    this.nSku = this.catalog.skus.length;
    this.available = new Int32Array(this.size);
    this.committed = new Int32Array(this.size);
    this.logs = new Array<HistoryLog | undefined>(this.size);
    this.lastTime = 0;
    this.waiters.closeAll();
  }

  private record(k: number, quantity: number, source: HistorySource): void {
    // Clamp to non-decreasing so `since` can binary-search even if the wall clock steps back.
    const t = Math.max(this.lastTime, this.now());
    this.lastTime = t;
    let log = this.logs[k];
    if (!log) this.logs[k] = log = new HistoryLog();
    log.push(t, quantity, SOURCES.indexOf(source));
    this.waiters.notify(k);
  }
}
