/**
 * Scenario parameters from __ENV, read once in the init context. A bad value throws there,
 * so the run stops before any traffic with a message naming the variable.
 *
 * Every scenario takes SCALE (default 1): it multiplies order, stock-write and shipment rates
 * and the VUs that carry them, never durations — the same shape at another height.
 */

export function envNumber(name: string, fallback: number, min = 0, max = Infinity): number {
  const raw = __ENV[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new Error(`env ${name} must be a number ${max === Infinity ? `>= ${min}` : `from ${min} to ${max}`}, got "${raw}"`);
  }
  return n;
}

/** A share of something (0..1), e.g. of orders a buyer cancels. */
export function envShare(name: string, fallback: number): number {
  return envNumber(name, fallback, 0, 1);
}

export function envString(name: string, fallback?: string): string {
  const raw = __ENV[name];
  if (raw !== undefined && raw !== '') return raw;
  if (fallback === undefined) throw new Error(`env ${name} is required (the harness sets it; set it with -e ${name}=...)`);
  return fallback;
}

/** A duration in whole seconds, as k6 wants it in stages ("30s"). */
export function envSeconds(name: string, fallbackSeconds: number): string {
  return `${Math.max(1, Math.round(envNumber(name, fallbackSeconds, 0)))}s`;
}

export const SCALE = envNumber('SCALE', 1, 0.001);

/** A rate scaled by SCALE, at least 1 per time unit. */
export function scaled(rate: number): number {
  return Math.max(1, Math.round(rate * SCALE));
}
