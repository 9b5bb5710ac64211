/**
 * The four end-to-end lags: a table of percentiles against their standards, p99 over time (a
 * lag that grows through a soak is drift), and their distributions.
 */
import { formatCount, formatMs } from '../../standards/format.ts';
import { LAG_METRICS } from '../../standards/metric-names.ts';
import type { RunResult } from '../../results/run-result.ts';
import { esc } from '../escape-html.ts';
import { formatClock, lineChart } from '../svg/line-chart.ts';
import type { ChartSeries } from '../svg/line-chart.ts';
import { seriesPoints } from './chart-data.ts';
import { htmlTable } from './html-table.ts';
import { distributionChart, msFormat } from './latency-section.ts';

const WHAT: Record<string, string> = {
  inventory_sync_lag: 'stock write in the ERP → first platform update including it',
  order_ingest_lag: 'order placed on the platform → allocated in the ERP',
  shipment_sync_lag: 'shipment marked in the WMS → platform status with tracking',
  webhook_ack_duration: 'webhook sent by the platform → 2xx ack from the stack',
  order_pickup_lag: 'order placed on the platform → first search or detail answer giving it to the integration',
};

export function lagsSection(r: RunResult): string {
  const rows = LAG_METRICS.map((name) => {
    const l = r.lags[name];
    const limits = r.standards.filter((j) => j.metric === name && j.unit === 'ms').map((j) => `${j.limit_text} ${j.verdict === 'fail' ? '✗' : j.verdict === 'pass' ? '✓' : '?'}`);
    if (!l) return [`<span class="mono">${esc(name)}</span>`, esc(WHAT[name] ?? ''), '—', '—', '—', '—', '—', esc(limits.join(', '))];
    return [
      `<span class="mono">${esc(name)}</span>`,
      esc(WHAT[name] ?? ''),
      esc(formatCount(l.count)),
      esc(formatMs(l.p50)),
      esc(formatMs(l.p95)),
      esc(formatMs(l.p99)),
      esc(formatMs(l.max)),
      esc(limits.join(', ')),
    ];
  });
  const table = htmlTable(
    [{ head: 'lag' }, { head: 'from → to' }, { head: 'count', num: true }, { head: 'p50', num: true }, { head: 'p95', num: true }, { head: 'p99', num: true }, { head: 'max', num: true }, { head: 'standards' }],
    rows,
  );
  const overTime: ChartSeries[] = LAG_METRICS.filter((n) => r.lags[n]?.series?.length).map((n) => ({ name: `${n} p99`, points: seriesPoints(r.lags[n]?.series, (p) => p.p99) }));
  const chart = lineChart({
    title: 'Lags over time (p99 per interval)',
    series: overTime,
    x: { label: 'time since start (m:ss)', format: formatClock, min: 0 },
    y: { label: 'lag', format: msFormat },
  });
  const dist = distributionChart(
    'Lag percentile distribution (HDR)',
    LAG_METRICS.map((n) => ({ name: n, hdr: r.lags[n]?.hdr })),
    'Measured exactly from the mock history, one sample per write, order, shipment or webhook.',
  );
  return `<section id="lags"><h2>Lags</h2>${table}<div class="grid2">${chart}${dist}</div></section>`;
}
