/**
 * A platform-only run has no reconciliation (the ERP cannot be read): in its place, what the
 * platform alone saw of the integration (src/harness/platform-only-figures.ts). The standards
 * table says which standards could not be judged and why.
 */
import type { PlatformOnlyFigures, ReconCount } from '../../results/run-result.ts';
import { formatCount, formatMs } from '../../standards/format.ts';
import { esc } from '../escape-html.ts';
import { htmlTable } from './html-table.ts';

function backoffRow(r: PlatformOnlyFigures['rate_limit']): string[] {
  const what = esc("calls inside a 429's Retry-After");
  if (!r) return [what, '—', '—', esc('not judged: the mock keeps no rate_limit figures (older than its Retry-After watch)')];
  const early = Object.entries(r.early_calls).map(([route, n]) => `${route}: ${formatCount(n)}`);
  const earlyCount = Object.values(r.early_calls).reduce((a, b) => a + b, 0);
  return [what, esc(formatCount(earlyCount)), esc(`${formatCount(r.throttled)} 429s`), `<span class="mono">${esc(early.join('; '))}</span>`];
}

export function platformOnlySection(p: PlatformOnlyFigures): string {
  const row = (what: string, c: ReconCount, of: number): string[] => [esc(what), esc(formatCount(c.count)), esc(formatCount(of)), `<span class="mono">${esc(c.examples.join('; '))}</span>`];
  const rows = [
    row('orders never given to the integration', p.orders_unread, p.orders_accepted),
    row(`stock above the declared ${formatCount(p.declared_stock)} less what orders took`, p.stock_over_declared, p.stock_cells_checked),
    backoffRow(p.rate_limit),
  ];
  const table = htmlTable([{ head: 'check' }, { head: 'count', num: true }, { head: 'of', num: true }, { head: 'examples' }], rows);
  const s = p.order_to_shipment;
  const shipped = s
    ? `${formatCount(p.shipped_orders)} of the run's orders shipped with tracking; order → shipment p50 ${formatMs(s.p50)}, p99 ${formatMs(s.p99)}, max ${formatMs(s.max)} (shown, not judged).`
    : "The integration shipped none of the run's orders with tracking.";
  return `<section id="reconciliation"><h2>What the platform saw (platform only)</h2><p>Your ERP was not reached: these checks read the platform's ledger after the drain, against the stock you declared per SKU × warehouse.</p>${table}<p>${esc(shipped)}</p></section>`;
}
