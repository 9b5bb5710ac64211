/**
 * Request timeouts without a timer per request: deadlines fall into 25 ms slots and one
 * interval fires the slots that are due. A request timing out up to one slot late is fine
 * (k6's own timeouts are not sharper), and the hot path is a Set insert and delete instead of
 * Node's timer-list insert and clearTimeout for every request.
 */
const SLOT_MS = 25;

export class DeadlineWheel {
  private readonly slots = new Map<number, Set<() => void>>();
  private timer: NodeJS.Timeout | undefined;

  /** Calls `fn` at about `at` (performance.now() ms) unless cancelled; returns the canceller. */
  add(at: number, fn: () => void): () => void {
    const slot = Math.ceil(at / SLOT_MS);
    let set = this.slots.get(slot);
    if (!set) this.slots.set(slot, (set = new Set()));
    set.add(fn);
    if (!this.timer) {
      this.timer = setInterval(() => this.fire(), SLOT_MS);
      this.timer.unref();
    }
    const s = set;
    return () => {
      s.delete(fn);
    };
  }

  private fire(): void {
    const now = Math.floor(performance.now() / SLOT_MS);
    for (const [slot, set] of this.slots) {
      if (slot > now) continue;
      this.slots.delete(slot);
      for (const fn of set) fn();
    }
    if (this.slots.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.slots.clear();
  }
}
