/**
 * The stack's periodic chores, off the request path: backorders retried as stock arrives
 * (every second), and old rows pruned (every minute): idempotency keys after a day, the change
 * log and the webhook inbox after two (they serve reconciliation and dedupe of late retries).
 * Pruning deletes oldest first by key, at most 20,000 rows a minute, so the event loop is
 * never held long. Timers are unref'd: they never keep the process alive.
 */
import type { Db } from './db/database.ts';
import type { IdempotencyStore } from './domain/idempotency.ts';
import type { ErpOrderBook } from './domain/order-book.ts';

const DAY_MS = 86_400_000;

/** Starts the chores; the answer stops them. */
export function startHousekeeping(db: Db, book: ErpOrderBook, idem: IdempotencyStore, onBackordersAllocated: () => void): () => void {
  const backorders = setInterval(() => {
    const now = Date.now();
    db.transaction(() => {
      if (book.retryBackorders(200, now) > 0) onBackordersAllocated();
    })();
  }, 1000);
  const pruneLogs = db.prepare('DELETE FROM stock_changes WHERE seq IN (SELECT seq FROM (SELECT seq, at FROM stock_changes ORDER BY seq LIMIT 20000) WHERE at < ?)');
  const pruneInbox = db.prepare(
    'DELETE FROM webhook_inbox WHERE notification_id IN (SELECT notification_id FROM webhook_inbox WHERE received_at < ? ORDER BY received_at LIMIT 20000)',
  );
  const prune = setInterval(() => {
    const now = Date.now();
    idem.pruneOlderThan(now - DAY_MS);
    pruneLogs.run(now - 2 * DAY_MS);
    pruneInbox.run(now - 2 * DAY_MS);
  }, 60_000);
  backorders.unref();
  prune.unref();
  return () => {
    clearInterval(backorders);
    clearInterval(prune);
  };
}
