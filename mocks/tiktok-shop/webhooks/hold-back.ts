/**
 * The reorder fault's waiting room: notifications held back per shop until a later one of
 * the same shop has gone first (or their hold time is up; the caller's timer decides that).
 *
 * A held entry is released exactly once, whichever comes first — the later notification's
 * first attempt ending, or the hold timer — so nothing is sent twice or lost by the fault.
 */

export interface Held<T> {
  readonly shopId: string;
  readonly item: T;
  released: boolean;
}

export class HoldBack<T> {
  private byShop = new Map<string, Held<T>[]>();
  private held = 0;

  /** Entries held and not yet released. */
  get size(): number {
    return this.held;
  }

  hold(shopId: string, item: T): Held<T> {
    const h: Held<T> = { shopId, item, released: false };
    const list = this.byShop.get(shopId);
    if (list === undefined) this.byShop.set(shopId, [h]);
    else list.push(h);
    this.held++;
    return h;
  }

  /**
   * Detaches the shop's held entries (still held) for the caller to release after a later
   * notification's first attempt; undefined when none.
   */
  takeShop(shopId: string): Held<T>[] | undefined {
    const list = this.byShop.get(shopId);
    if (list !== undefined) this.byShop.delete(shopId);
    return list;
  }

  /** Marks `h` released; false if it already was (the caller then does nothing). */
  release(h: Held<T>): boolean {
    if (h.released) return false;
    h.released = true;
    this.held--;
    const list = this.byShop.get(h.shopId);
    if (list !== undefined) {
      const i = list.indexOf(h);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.byShop.delete(h.shopId);
    }
    return true;
  }

  /** Forgets everything held (reset, close). */
  clear(): void {
    this.byShop = new Map();
    this.held = 0;
  }
}
