/** CPU, memory and event-loop delay of each process (generator, mock, stack) over the run. */
import { formatBytes } from '../../standards/format.ts';
import type { RunResult } from '../../results/run-result.ts';
import { esc } from '../escape-html.ts';
import { formatClock, lineChart } from '../svg/line-chart.ts';
import { htmlTable } from './html-table.ts';

/** RSS is charted in MiB so the axis gets round ticks. */
const MIB = 1024 * 1024;
const COLOR = { generator: '#7c3aed', mock: '#d97706', stack: '#2563eb', 'erp-shim': '#059669' } as const;

export function processesSection(r: RunResult): string {
  const ps = r.processes;
  const cpu = lineChart({
    title: 'CPU per process (% of one core)',
    series: ps.map((p) => ({ name: `${p.role} (pid ${p.pid})`, color: COLOR[p.role], points: p.cpu.series.map((s) => ({ x: s.t, y: s.v })) })),
    x: { label: 'time since start (m:ss)', format: formatClock, min: 0 },
    y: { label: 'CPU %', format: (v) => `${Math.round(v)}%` },
  });
  const rss = lineChart({
    title: 'Memory (RSS) per process',
    series: ps.map((p) => ({ name: `${p.role} (pid ${p.pid})`, color: COLOR[p.role], points: p.rss.series.map((s) => ({ x: s.t, y: s.v / MIB })) })),
    x: { label: 'time since start (m:ss)', format: formatClock, min: 0 },
    y: { label: 'RSS (MiB)', format: (v) => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} MiB` },
  });
  const withDelay = ps.filter((p) => (p.event_loop_delay?.series.length ?? 0) > 0);
  const eld =
    withDelay.length === 0
      ? ''
      : lineChart({
          title: 'Event-loop delay per process (p99 of each interval)',
          series: withDelay.map((p) => ({ name: `${p.role} (pid ${p.pid})`, color: COLOR[p.role], points: (p.event_loop_delay?.series ?? []).map((s) => ({ x: s.t, y: s.v })) })),
          x: { label: 'time since start (m:ss)', format: formatClock, min: 0 },
          y: { label: 'delay (ms)', format: (v) => `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms` },
        });
  const table = htmlTable(
    [{ head: 'process' }, { head: 'pid', num: true }, { head: 'CPU avg', num: true }, { head: 'CPU max', num: true }, { head: 'RSS max', num: true }, { head: 'event-loop delay p99', num: true }],
    ps.map((p) => [
      esc(p.role),
      esc(p.pid),
      `${esc(Math.round(p.cpu.avg))}%`,
      `${esc(Math.round(p.cpu.max))}%`,
      esc(formatBytes(p.rss.max_bytes)),
      p.event_loop_delay_p99_ms !== undefined ? `${esc(p.event_loop_delay_p99_ms.toFixed(1))} ms` : '—',
    ]),
  );
  // One grid for all three charts, so the delay chart is drawn at its neighbours' scale.
  return `<section id="processes"><h2>Processes</h2>${table}<div class="grid2">${cpu}${rss}${eld}</div></section>`;
}
