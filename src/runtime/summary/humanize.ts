/**
 * Value formatting of k6's end-of-test summary: rates as truncated percentages, data in
 * decimal units (kB = 1000 B), durations in the largest fitting unit (µs, ms, s, then m/h),
 * or in a fixed unit when `summaryTimeUnit` is s, ms or us; other values with up to 6 decimals.
 */
import type { MetricType, ValueType } from '../metrics/registry.ts';

function trimZeros(v: number, digits: number): string {
  return String(Number.parseFloat(v.toFixed(digits)));
}

function truncTo(v: number, digits: number): string {
  const f = 10 ** digits;
  return trimZeros(Math.trunc(v * f) / f, digits);
}

export function humanizeBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  if (bytes < 10) return `${trimZeros(bytes, 2)} B`;
  const e = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1000)));
  const v = Math.floor((bytes / 1000 ** e) * 10 + 0.5) / 10;
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[e]}`;
}

export function humanizeDuration(ms: number, timeUnit = ''): string {
  if (timeUnit === 's') return `${(ms / 1000).toFixed(2)}s`;
  if (timeUnit === 'ms') return `${ms.toFixed(2)}ms`;
  if (timeUnit === 'us') return `${(ms * 1000).toFixed(2)}µs`;
  if (ms === 0) return '0s';
  if (ms < 0.001) return `${Math.trunc(ms * 1e6)}ns`;
  if (ms < 1) return `${truncTo(ms * 1000, 2)}µs`;
  if (ms < 1000) return `${truncTo(ms, 2)}ms`;
  const secs = `${truncTo((ms % 60_000) / 1000, ms > 60_000 ? 0 : 2)}s`;
  const mins = Math.trunc(ms / 60_000);
  if (mins < 1) return secs;
  const hours = Math.trunc(mins / 60);
  return hours < 1 ? `${mins % 60}m${secs}` : `${hours}h${mins % 60}m${secs}`;
}

export function humanizeValue(v: number, m: { type: MetricType; contains: ValueType }, timeUnit = ''): string {
  if (m.type === 'rate') return `${(Math.trunc(v * 10_000) / 100).toFixed(2)}%`;
  if (m.contains === 'data') return humanizeBytes(v);
  if (m.contains === 'time') return humanizeDuration(v, timeUnit);
  return trimZeros(v, 6);
}
