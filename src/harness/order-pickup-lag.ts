/**
 * Order pick-up lag: the platform accepting an order -> the first order search or detail answer
 * that gave it to the integration, both stamped by the mock (the ledger's `created_at` and `first_read_at`). It is
 * what the platform alone can see of order ingest, so it is measured on every run and judged
 * in platform-only mode (src/standards/platform-only-standards.ts).
 */
import type { MockLedger } from './platform-view.ts';
import { TimedHistogram } from './timed-histogram.ts';

export interface OrderPickup {
  lag: TimedHistogram;
  /** Orders accepted during the run (cancelled ones too: the integration must learn of them all). */
  accepted: number;
  /** Ids of the run's orders the integration never read. */
  unread: string[];
}

export function orderPickupLag(ledger: MockLedger, startedAt: number, intervalMs: number): OrderPickup {
  const lag = new TimedHistogram(startedAt, intervalMs);
  const unread: string[] = [];
  let accepted = 0;
  for (const o of ledger.orders) {
    if (o.created_at < startedAt) continue;
    accepted++;
    if (o.first_read_at === null) unread.push(o.id);
    else lag.record(o.created_at, Math.max(0, o.first_read_at - o.created_at));
  }
  return { lag, accepted, unread };
}
