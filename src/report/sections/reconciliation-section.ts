/** The ledger after drain: every count the accuracy standards read, with example ids. */
import { formatCount, formatDuration } from '../../standards/format.ts';
import type { ReconCount, RunResult } from '../../results/run-result.ts';
import { esc } from '../escape-html.ts';
import type { LiveProgress } from '../live-progress.ts';
import { htmlTable } from './html-table.ts';
import { platformOnlySection } from './platform-only-section.ts';

export function reconciliationSection(r: RunResult, live?: LiveProgress): string {
  if (r.platform_only) return platformOnlySection(r.platform_only);
  const rec = r.reconciliation;
  if (!rec && live) return `<section id="reconciliation"><h2>Reconciliation</h2><p class="nodata">Taken after the load and the drain: the final report shows it.</p></section>`;
  if (!rec) return `<section id="reconciliation"><h2>Reconciliation</h2><p class="nodata">The run ended before the reconciliation: accuracy was not measured.</p></section>`;
  const row = (what: string, c: ReconCount, of: number): string[] => [esc(what), esc(formatCount(c.count)), esc(formatCount(of)), `<span class="mono">${esc(c.examples.join(', '))}</span>`];
  const converged = rec.converged.examples.map((e) => `${e.shop_id}/${e.seller_sku}/${e.warehouse_id}: platform ${e.platform}, ERP ${e.erp}`);
  const rows = [
    [esc('inventory cells differing'), esc(formatCount(rec.converged.mismatched)), esc(formatCount(rec.converged.checked)), `<span class="mono">${esc(converged.join('; '))}</span>`],
    row('lost orders', rec.lost_orders, rec.orders_checked),
    row('oversold orders', rec.oversold_orders, rec.orders_checked),
    row('duplicate allocations', rec.duplicate_allocations, rec.orders_checked),
    row('duplicate shipments', rec.duplicate_shipments, rec.orders_checked),
    row('tracking mismatches', rec.tracking_mismatches, rec.shipments_checked),
    ...(rec.reverse
      ? [
          row('cancelled orders not back on sale', rec.reverse.cancelled_still_held, rec.reverse.cancellations_checked),
          row('cancelled orders shipped', rec.reverse.cancelled_shipped, rec.reverse.cancellations_checked),
          row('returns restocked wrongly', rec.reverse.returns_misstocked, rec.reverse.returns_checked),
          row('buyer requests unanswered', rec.reverse.requests_unanswered, rec.reverse.requests_checked),
        ]
      : []),
  ];
  const judged = rows.length;
  if (rec.unshipped) rows.push(row('unshipped at the end (informational)', rec.unshipped, rec.orders_checked));
  if (rec.reverse?.cancelled_in_transit) rows.push(row('cancelled in transit, parcels to recall (informational)', rec.reverse.cancelled_in_transit, rec.reverse.cancellations_checked));
  const table = htmlTable([{ head: 'check' }, { head: 'count', num: true }, { head: 'checked', num: true }, { head: 'examples' }], rows, (i) => (i < judged && rows[i]?.[1] !== '0' ? 'v-fail' : ''));
  const drain = rec.drained ? `Sync settled ${esc(formatDuration(rec.drain_ms))} after traffic stopped.` : `<b>The drain timed out after ${esc(formatDuration(rec.drain_ms))}</b>: sync had not settled when the ledger was taken.`;
  return `<section id="reconciliation"><h2>Reconciliation</h2><p>${drain}</p>${table}</section>`;
}
