/**
 * A change log of availability for an ERP that keeps none, derived honestly from two sources:
 *
 *  - exact: the writes the shim itself performs. A write's answer carries the availability after
 *    it and the ERP's `accepted_at`, so the change and its time are known exactly.
 *  - polled: every `pollMs`, `readStock` of every SKU the shim has seen. A change found there
 *    (orders allocated, shipments, cancellations, anyone else writing to the ERP) happened after
 *    the previous read of that SKU × warehouse and before this read answered. It is stamped with
 *    the earliest possible time (the previous read's start, or the last exact write if later),
 *    so a lag measured from it is an upper bound, over by at most the window between the two
 *    reads; the largest such window is reported as the bound. Several changes inside one window
 *    appear as one (the last value).
 *
 * A poll answer for a key the shim wrote after that poll's read started is dropped: it may be
 * older than the write. Memory: one entry per change (bounded by `maxChanges`, oldest dropped
 * and counted) and one per SKU × warehouse.
 */
import type { ErpStock, StockChange, StockLevel } from './erp-adapter.ts';

export interface ChangeLogStats {
  source: 'derived';
  exact_changes: number;
  polled_changes: number;
  poll_interval_ms: number;
  polls: number;
  /** Largest window a polled change's time may be early by (ms): its lag's upper bound slack. */
  polled_bound_ms: number;
  /** Longest single poll of every SKU (ms). */
  longest_poll_ms: number;
  dropped_changes: number;
  poll_failures: number;
}

interface KeyState {
  available: number;
  /** Earliest moment a change not seen yet could have happened. */
  knownAt: number;
  /** Time of the last exact write of this key. */
  writtenAt: number;
}

export class DerivedChangeLog {
  private readonly log: StockChange[] = [];
  private readonly keys = new Map<string, KeyState>();
  private readonly skus = new Set<string>();
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private stopped = false;
  readonly stats: ChangeLogStats;

  constructor(
    readonly pollMs: number,
    private readonly readStock: (sku: string) => Promise<ErpStock | null>,
    private readonly opts: { concurrency?: number; maxChanges?: number; now?: () => number } = {},
  ) {
    this.stats = { source: 'derived', exact_changes: 0, polled_changes: 0, poll_interval_ms: pollMs, polls: 0, polled_bound_ms: 0, longest_poll_ms: 0, dropped_changes: 0, poll_failures: 0 };
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Levels after a write the shim performed, accepted by the ERP at `acceptedAt`. */
  recordWrite(levels: readonly StockLevel[], acceptedAt: number): void {
    for (const l of levels) {
      this.skus.add(l.sku);
      const key = `${l.sku}\u0000${l.warehouse_id}`;
      const prev = this.keys.get(key);
      if (!prev || prev.available !== l.available) {
        this.append({ sku: l.sku, warehouse_id: l.warehouse_id, available: l.available, at: acceptedAt });
        this.stats.exact_changes++;
      }
      this.keys.set(key, { available: l.available, knownAt: Math.max(acceptedAt, prev?.knownAt ?? 0), writtenAt: acceptedAt });
    }
  }

  /** Makes `sku` part of every poll (e.g. a SKU an order named). */
  watch(sku: string): void {
    this.skus.add(sku);
  }

  changes(afterSeq: number, limit: number): { changes: StockChange[]; next_after_seq: number } {
    // seqs are dense from the first kept entry: index = seq - first seq
    const first = this.log[0]?.seq ?? this.seq + 1;
    const from = Math.max(0, afterSeq + 1 - first);
    const page = this.log.slice(from, from + limit);
    return { changes: page, next_after_seq: page.at(-1)?.seq ?? afterSeq };
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.polling = this.pollOnce().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
      });
    };
    this.timer = setTimeout(tick, this.pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
  }

  /** Reads every known SKU once (bounded concurrency) and appends what changed. */
  async pollOnce(): Promise<void> {
    const skus = [...this.skus];
    const started = this.now();
    let next = 0;
    const worker = async () => {
      while (next < skus.length && !this.stopped) {
        const sku = skus[next++] as string;
        const readAt = this.now();
        let stock: ErpStock | null;
        try {
          stock = await this.readStock(sku);
        } catch {
          this.stats.poll_failures++;
          continue;
        }
        this.observe(stock, readAt, this.now());
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency ?? 8, skus.length) }, worker));
    this.stats.polls++;
    this.stats.longest_poll_ms = Math.max(this.stats.longest_poll_ms, this.now() - started);
  }

  private observe(stock: ErpStock | null, readAt: number, answeredAt: number): void {
    if (!stock) return;
    const sku = stock.sku;
    for (const l of stock.warehouses) {
      const key = `${sku}\u0000${l.warehouse_id}`;
      const prev = this.keys.get(key);
      if (prev && prev.writtenAt >= readAt) continue; // a write overtook this read
      if (prev && prev.available !== l.available) {
        this.append({ sku, warehouse_id: l.warehouse_id, available: l.available, at: prev.knownAt });
        this.stats.polled_changes++;
        this.stats.polled_bound_ms = Math.max(this.stats.polled_bound_ms, answeredAt - prev.knownAt);
      } else if (!prev) {
        // first sight: the state before the run, not a change peakday can date
        this.append({ sku, warehouse_id: l.warehouse_id, available: l.available, at: readAt });
      }
      this.keys.set(key, { available: l.available, knownAt: readAt, writtenAt: prev?.writtenAt ?? 0 });
    }
  }

  private append(c: Omit<StockChange, 'seq'>): void {
    this.log.push({ seq: ++this.seq, ...c });
    const max = this.opts.maxChanges ?? 2_000_000;
    if (this.log.length > max) this.stats.dropped_changes += this.log.splice(0, this.log.length - max).length;
  }
}
