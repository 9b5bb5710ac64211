/**
 * Group commit: many small writes share one SQLite transaction.
 *
 * Each write is a synchronous function queued with `run(fn)`. The queue is flushed on the next
 * `setImmediate` (everything the event loop parsed in this turn) or when it reaches `maxBatch`:
 * one BEGIN, every fn, one COMMIT. Only then does each promise settle, so an answer is never
 * sent for a write that is not committed: a kill -9 loses no accepted write.
 *
 * A write that throws (bad input found inside the transaction, a 422) must roll back alone.
 * Fast path: the batch runs without savepoints (they cost two statements per write); if any fn
 * throws, the whole transaction is rolled back and the batch is run again with each fn in its
 * own SAVEPOINT. So fns must be re-runnable: their only effects outside the database are
 * idempotent (waking a worker), never counters.
 *
 * better-sqlite3 is synchronous, so a flush can never interleave with another transaction.
 */
import type { Db } from './database.ts';

interface Pending {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  ok: boolean;
  value: unknown;
}

export interface GroupCommitStats {
  batches: number;
  writes: number;
  /** Batches re-run with savepoints because a write threw. */
  replays: number;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly afterCommit: (() => void)[] = [];
  readonly stats: GroupCommitStats = { batches: 0, writes: 0, replays: 0 };

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 1000,
  ) {}

  /** Queues `fn` to run inside the next group transaction; settles after COMMIT. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, ok: false, value: undefined });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Registers a hook run after every commit (e.g. waking the push worker). */
  onCommit(hook: () => void): void {
    this.afterCommit.push(hook);
  }

  /** Runs everything queued now, synchronously. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const db = this.db;
    try {
      try {
        db.transaction(() => {
          for (const p of batch) {
            p.value = p.fn();
            p.ok = true;
          }
        }).immediate();
      } catch (fastPathError) {
        if (!db.open) throw fastPathError;
        // Rolled back entirely: run again, each write in a SAVEPOINT (a nested transaction).
        this.stats.replays++;
        db.transaction(() => {
          for (const p of batch) {
            try {
              p.value = db.transaction(p.fn)();
              p.ok = true;
            } catch (e) {
              p.ok = false;
              p.value = e;
            }
          }
        }).immediate();
      }
    } catch (e) {
      // The COMMIT itself failed (disk full, db closed): nothing in the batch is durable.
      for (const p of batch) p.reject(e);
      return;
    }
    this.stats.batches++;
    this.stats.writes += batch.length;
    for (const p of batch) (p.ok ? p.resolve : p.reject)(p.value);
    for (const h of this.afterCommit) h();
  }
}
