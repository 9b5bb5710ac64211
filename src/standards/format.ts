/**
 * How figures are shown in every report (terminal, JUnit, HTML), so the same number reads the
 * same everywhere. Shares never round up to 100%: 99.996% of webhooks acked is not all of them.
 */
import type { Operator, Unit } from '../results/run-result.ts';

/** Milliseconds: 2 decimals below 10, 1 below 100, whole above; thousands grouped. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const digits = ms < 10 ? 2 : ms < 100 ? 1 : 0;
  return `${ms.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits })} ms`;
}

/** A 0..1 share as a percent that is 100% only when the share is exactly 1. */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  const pct = ratio * 100;
  if (ratio === 1) return '100%';
  if (ratio > 1 || ratio <= 0) return `${trimZeros(pct.toFixed(2))}%`;
  for (let d = 0; d <= 6; d++) {
    const s = pct.toFixed(d);
    if (Number(s) < 100) return `${trimZeros(s)}%`;
  }
  return '99.9999%';
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatValue(v: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return formatMs(v);
    case 'ratio':
      return formatPercent(v);
    case 'per_s':
      return `${formatCount(v)}/s`;
    default:
      return formatCount(v);
  }
}

/** "p(99) <= 500 ms", "rate >= 99.9%", "<= 0". */
export function formatLimit(stat: string | undefined, op: Operator, limit: number, unit: Unit): string {
  return `${stat ? `${stat} ` : ''}${op} ${formatValue(limit, unit)}`;
}

export function formatBytes(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** Whole seconds or minutes:seconds, for durations of runs. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
