/**
 * Long-poll waiters keyed by what they watch (an inventory key, an order id). A state change
 * calls `notify(key)`; each waiter re-reads its condition and resolves as soon as it holds.
 * Timeouts are unref'd timers so a pending wait never keeps a process alive, and `closeAll`
 * resolves every waiter (reached false) so the server can shut down promptly.
 */

export interface WaitResult<V> {
  reached: boolean;
  value: V;
  waited_ms: number;
}

interface Waiter<V> {
  check: () => { reached: boolean; value: V };
  finish: (reached: boolean, value: V) => void;
}

export class Waiters<K, V> {
  private readonly byKey = new Map<K, Set<Waiter<V>>>();
  private readonly all = new Set<Waiter<V>>();

  /**
   * Resolves when `check` says reached (checked now, then on every notify of `key`), or after
   * `timeoutMs` with the value at that moment. `signal` aborts early (client went away).
   */
  wait(key: K, timeoutMs: number, check: () => { reached: boolean; value: V }, signal?: AbortSignal): Promise<WaitResult<V>> {
    const started = performance.now();
    const first = check();
    if (first.reached || timeoutMs <= 0) {
      return Promise.resolve({ reached: first.reached, value: first.value, waited_ms: 0 });
    }
    return new Promise((resolve) => {
      const w: Waiter<V> = {
        check,
        finish: (reached, value) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.all.delete(w);
          const set = this.byKey.get(key);
          if (set) {
            set.delete(w);
            if (set.size === 0) this.byKey.delete(key);
          }
          resolve({ reached, value, waited_ms: Math.round(performance.now() - started) });
        },
      };
      const onAbort = () => w.finish(false, check().value);
      const timer = setTimeout(() => w.finish(false, check().value), timeoutMs);
      timer.unref();
      signal?.addEventListener('abort', onAbort, { once: true });
      let set = this.byKey.get(key);
      if (!set) this.byKey.set(key, (set = new Set()));
      set.add(w);
      this.all.add(w);
    });
  }

  notify(key: K): void {
    const set = this.byKey.get(key);
    if (!set) return;
    for (const w of [...set]) {
      const r = w.check();
      if (r.reached) w.finish(true, r.value);
    }
  }

  get pending(): number {
    return this.all.size;
  }

  /** Resolves every pending wait with its current value, reached false. */
  closeAll(): void {
    for (const w of [...this.all]) w.finish(false, w.check().value);
  }
}
