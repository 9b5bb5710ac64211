/**
 * Backorder settings per shop x SKU x warehouse (the inventory ledger's keys): how many units
 * a buyer may order beyond the stock, and the working days they take to ship. Product create
 * and the 202509 edits set them; product search (202502) answers them. The mock keeps them as
 * the seller's settings only: orders are still checked against available stock alone.
 * Sparse, since most sellers never set one.
 */
export interface Backorder {
  quantity: number;
  handling_time: number;
}

const NONE: Backorder = Object.freeze({ quantity: 0, handling_time: 0 });

export class Backorders {
  private readonly byKey = new Map<number, Backorder>();

  at(key: number): Backorder {
    return this.byKey.get(key) ?? NONE;
  }

  /** Sets what is given; a field left out keeps its value. */
  set(key: number, b: Partial<Backorder>): void {
    const cur = this.at(key);
    this.byKey.set(key, { quantity: b.quantity ?? cur.quantity, handling_time: b.handling_time ?? cur.handling_time });
  }

  reset(): void {
    this.byKey.clear();
  }
}
