/**
 * How a comparison's numbers read, in the terminal and in HTML alike: values in their unit
 * (the standards' formatting), changes signed, relative changes as a signed percent.
 */
import { formatBytes, formatValue } from '../standards/format.ts';
import type { Unit } from '../results/run-result.ts';
import type { FigureUnit } from './figures.ts';

export function formatIn(v: number | null, unit: FigureUnit | Unit): string {
  if (v === null || !Number.isFinite(v)) return '—';
  // Two units only figures have; the rest read as the standards write them.
  if (unit === 'percent') return `${v.toFixed(1)}%`;
  if (unit === 'bytes') return formatBytes(v);
  return formatValue(v, unit);
}

/** A signed change: "+12 ms", "−0.3%" (a ratio's change in percentage points reads as %). */
export function formatDelta(v: number | null, unit: FigureUnit | Unit): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const sign = v > 0 ? '+' : '−';
  const abs = Math.abs(v);
  return unit === 'ratio' ? `${sign}${trim((abs * 100).toPrecision(3))} pp` : `${sign}${formatIn(abs, unit)}`;
}

/** The noise band's half-width: "±12 ms", "±0.5 pp". */
export function formatBand(v: number | null, unit: FigureUnit | Unit): string {
  if (v === null || !Number.isFinite(v)) return '—';
  return unit === 'ratio' ? `±${trim((v * 100).toPrecision(2))} pp` : `±${formatIn(v, unit)}`;
}

export function formatRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return '—';
  if (r === 0) return '0%';
  return `${r > 0 ? '+' : '−'}${trim((Math.abs(r) * 100).toFixed(Math.abs(r) < 0.1 ? 1 : 0))}%`;
}

function trim(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}
