/**
 * Group commit: many small writes share one SQLite transaction.
 *
 * Each write is a synchronous function queued with `run(fn)`. The queue is flushed on the next
 * `setImmediate` (everything the event loop parsed in this turn) or when it reaches `maxBatch`:
 * one BEGIN, each fn in its own SAVEPOINT (so a write that throws — bad input, 422 — rolls back
 * alone and the others still commit), one COMMIT. Only then does each promise settle, so an
 * answer is never sent for a write that is not committed: a kill -9 loses no accepted write.
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
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly afterCommit: (() => void)[] = [];
  readonly stats: GroupCommitStats = { batches: 0, writes: 0 };

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
      db.transaction(() => {
        for (const p of batch) {
          try {
            // A nested transaction is a SAVEPOINT: a throwing write rolls back alone.
            p.value = db.transaction(p.fn)();
            p.ok = true;
          } catch (e) {
            p.value = e;
          }
        }
      }).immediate();
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
