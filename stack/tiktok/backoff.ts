/**
 * Retry delays: exponential with full jitter ("AWS full jitter"): a random delay in
 * [0, min(cap, base * 2^attempt)], with a floor, so many clients throttled at once spread out
 * instead of returning together.
 */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.max(baseMs / 2, Math.round(random() * ceiling));
}
