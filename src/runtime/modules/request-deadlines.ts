/**
 * Request timeouts without a timer per request: every pending request sits in one Set with its
 * deadline, and one interval (every 25 ms, only while some are pending) expires those that are
 * due. A request timing out up to one tick late is fine (k6's own timeouts are not sharper),
 * and the hot path is a Set insert and delete instead of Node's timer-list insert and
 * clearTimeout for every request.
 *
 * One Set, not one per 25 ms slot: with k6's 60 s default timeout, per-slot Sets stayed alive
 * for a minute each (2,400 of them, promoted to the old generation with their grown tables),
 * and collecting them cost the closed loop more CPU than the timers it saved. Scanning the
 * pending requests on each tick is proportional to requests in flight, not to the rate.
 */
const TICK_MS = 25;

/** What can time out: its deadline (performance.now() ms) and what to do when it passes. */
export interface Expiring {
  readonly deadline: number;
  expire(): void;
}

export class RequestDeadlines {
  private readonly pending = new Set<Expiring>();
  private timer: NodeJS.Timeout | undefined;

  /** Calls `item.expire()` at about `item.deadline` unless `delete`d first. */
  add(item: Expiring): void {
    this.pending.add(item);
    if (!this.timer) {
      this.timer = setInterval(() => this.fire(), TICK_MS);
      this.timer.unref();
    }
  }

  delete(item: Expiring): void {
    this.pending.delete(item);
  }

  private fire(): void {
    const now = performance.now();
    for (const item of this.pending) {
      if (item.deadline > now) continue;
      this.pending.delete(item);
      item.expire();
    }
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
