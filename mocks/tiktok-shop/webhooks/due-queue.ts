/**
 * Items due at a time, held in a binary min-heap, with ONE timer armed for the earliest.
 *
 * Retries at 2 min / 30 min / 3 h / 12 h for thousands of failed notifications, delayed
 * deliveries and reorder hold-backs would otherwise be one setTimeout each; a heap keeps
 * push/pop at O(log n) and the event loop's timer list at one entry. The timer is unref'd:
 * pending retries never keep a process alive, and `clear()` cancels everything on close.
 */

interface Entry<T> {
  due: number;
  seq: number;
  item: T;
}

export class DueQueue<T> {
  private heap: Entry<T>[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  /** @param onDue receives each item when its time comes (in due order, ties in push order). */
  constructor(
    private readonly onDue: (item: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.heap.length;
  }

  push(due: number, item: T): void {
    const e: Entry<T> = { due, seq: this.seq++, item };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
    this.arm();
  }

  /** Drops every item and the timer. */
  clear(): void {
    this.heap = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  /** Each item still queued (for counting by kind); order unspecified. */
  *items(): Generator<T> {
    for (const e of this.heap) yield e.item;
  }

  private pop(): Entry<T> {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  private arm(): void {
    const first = this.heap[0];
    if (first === undefined || first.due >= this.armedFor) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedFor = first.due;
    this.timer = setTimeout(() => this.fire(), Math.max(0, Math.ceil(first.due - this.now())));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Infinity;
    const t = this.now();
    // Items pushed by onDue for "now" run in the next turn, never in this loop: no starvation.
    const due: T[] = [];
    while (this.heap.length > 0 && this.heap[0]!.due <= t) due.push(this.pop().item);
    this.arm();
    for (const item of due) this.onDue(item);
  }
}

function less<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
