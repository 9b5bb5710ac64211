/**
 * The report's one chart: lines over x (time, or percentile on the "nines" scale), an optional
 * horizontal limit line (a standard's limit, so a reader sees how close the run came), a
 * legend. Returns a <figure> holding an inline <svg>; every text goes through `esc`.
 */
import { esc, slug } from '../escape-html.ts';
import { downsample } from './downsample.ts';
import type { Point } from './downsample.ts';
import { linearScale, logScale, niceMax, ninesScale } from './scales.ts';
import type { Scale } from './scales.ts';

export interface ChartSeries {
  name: string;
  points: readonly Point[];
  color?: string;
  dashed?: boolean;
}

export interface AxisOptions {
  label: string;
  format: (v: number) => string;
  /** x: linear or nines (percentiles); y: linear or log. */
  scale?: 'linear' | 'log' | 'nines';
  min?: number;
  max?: number;
}

export interface LineChartOptions {
  title: string;
  series: readonly ChartSeries[];
  x: AxisOptions;
  y: AxisOptions;
  /** A horizontal line at a standard's limit. */
  limit?: { value: number; label: string };
  width?: number;
  height?: number;
  /** One sentence under the title: what to look for. */
  note?: string;
}

export const PALETTE = ['#2563eb', '#d97706', '#dc2626', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d'];

const M = { left: 68, right: 30, top: 14, bottom: 40 };
const f1 = (n: number) => (Math.round(n * 10) / 10).toString();

function pathOf(points: readonly Point[], xs: Scale, ys: Scale): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f1(xs.map(p.x))} ${f1(ys.map(p.y))}`).join('');
}

export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 580;
  const height = o.height ?? 230;
  const series = o.series
    .map((s, i) => ({ ...s, color: s.color ?? PALETTE[i % PALETTE.length] ?? '#333', points: downsample(s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))) }))
    .filter((s) => s.points.length > 0);
  const head = `<figure class="chart" id="chart-${esc(slug(o.title))}"><figcaption>${esc(o.title)}</figcaption>${o.note ? `<p class="note">${esc(o.note)}</p>` : ''}`;
  if (series.length === 0) return `${head}<p class="nodata">No data recorded for this chart.</p></figure>`;

  const all = series.flatMap((s) => s.points);
  const xMin = o.x.min ?? Math.min(...all.map((p) => p.x));
  const xMax = o.x.max ?? Math.max(...all.map((p) => p.x), xMin + 1);
  const yData = Math.max(...all.map((p) => p.y), o.limit?.value ?? 0);
  const x0 = M.left;
  const x1 = width - M.right;
  const y0 = height - M.bottom;
  const y1 = M.top;
  const xs = o.x.scale === 'nines' ? ninesScale(xMax, x0, x1) : linearScale(xMin, xMax, x0, x1, 8);
  const positive = all.filter((p) => p.y > 0).map((p) => p.y);
  const ys =
    o.y.scale === 'log'
      ? logScale(o.y.min ?? Math.max(Math.min(...positive, yData) / 1.5, 1e-3), Math.max(yData * 1.2, 1e-3), y0, y1)
      : linearScale(o.y.min ?? 0, o.y.max ?? niceMax(yData * 1.05), y0, y1, 5);

  const parts: string[] = [];
  for (const t of ys.ticks) {
    const y = f1(ys.map(t));
    parts.push(`<line class="grid" x1="${x0}" x2="${x1}" y1="${y}" y2="${y}"/><text class="tick" x="${x0 - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(o.y.format(t))}</text>`);
  }
  for (const t of xs.ticks) {
    const x = f1(xs.map(t));
    parts.push(`<line class="tickmark" x1="${x}" x2="${x}" y1="${y0}" y2="${y0 + 4}"/><text class="tick" x="${x}" y="${y0 + 16}" text-anchor="middle">${esc(o.x.format(t))}</text>`);
  }
  parts.push(`<line class="axis" x1="${x0}" x2="${x1}" y1="${y0}" y2="${y0}"/><line class="axis" x1="${x0}" x2="${x0}" y1="${y0}" y2="${y1}"/>`);
  parts.push(`<text class="axis-label" x="${(x0 + x1) / 2}" y="${height - 4}" text-anchor="middle">${esc(o.x.label)}</text>`);
  parts.push(`<text class="axis-label" transform="translate(12 ${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">${esc(o.y.label)}</text>`);
  if (o.limit) {
    const y = f1(ys.map(o.limit.value));
    parts.push(`<line class="limit" x1="${x0}" x2="${x1}" y1="${y}" y2="${y}"><title>${esc(o.limit.label)}</title></line><text class="limit-label" x="${x1 - 4}" y="${Number(y) - 4}" text-anchor="end">${esc(o.limit.label)}</text>`);
  }
  for (const s of series) {
    parts.push(`<path class="series${s.dashed ? ' dashed' : ''}" d="${pathOf(s.points, xs, ys)}" stroke="${esc(s.color)}"><title>${esc(s.name)}</title></path>`);
  }
  const legend = series.map((s) => `<span class="key"><i style="background:${esc(s.color)}"></i>${esc(s.name)}</span>`).join('');
  const label = `${o.title}: ${series.map((s) => s.name).join(', ')}`;
  return `${head}<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}" preserveAspectRatio="xMidYMid meet">${parts.join('')}</svg><div class="legend">${legend}</div></figure>`;
}

/** Time axis ticks as m:ss from the run's start. */
export function formatClock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
