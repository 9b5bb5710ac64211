/**
 * The drain of a platform-only run: the ERP cannot be read, so "caught up" is judged from the
 * platform alone — every order accepted since the load started has been read by the
 * connector, and the platform's stock and packages did not change between two checks (the
 * connector has stopped pushing). Settled means two such checks in a row (drain.ts), bounded by
 * `--drain-timeout`: a connector that never reads an order is judged by `orders-read`.
 */
import { settle, type DrainOptions, type DrainOutcome } from './drain.ts';
import type { MockLedger, PlatformView } from './platform-view.ts';

/** What changes when the connector pushes stock or ships: compared between two checks. */
function platformState(ledger: MockLedger): string {
  const stock = ledger.inventory.map((x) => x.available).join(',');
  const shipped = ledger.packages.filter((p) => p.shipped_at !== null).length;
  return `${stock}|${ledger.packages.length}|${shipped}`;
}

export function drainPlatformOnly(platform: PlatformView, startedAt: number, opts: DrainOptions): Promise<DrainOutcome> {
  let previous: string | undefined;
  return settle(async () => {
    const ledger = await platform.ledger();
    const pending: string[] = [];
    const unread = ledger.orders.filter((o) => o.created_at >= startedAt && o.first_read_at === null).length;
    if (unread > 0) pending.push(`${unread} orders not yet read by the connector`);
    const state = platformState(ledger);
    if (state !== previous) pending.push('the platform stock or packages changed since the last check');
    previous = state;
    return pending;
  }, opts);
}
