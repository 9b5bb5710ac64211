/**
 * Inventory sync lag, measured exactly from both sides' histories rather than by sampling.
 *
 * Lag of an ERP availability change = from the moment the ERP accepted it to the moment the
 * platform first holds a quantity that already includes it (docs/flows.md, "Stock").
 *
 * Method, per shop × SKU × warehouse: the ERP's change log gives changes c0..cn (time,
 * available); the mock's history gives platform updates p (time, quantity). An update at time t
 * with quantity q "includes" change i when some change j ≥ i made at or before t had
 * available == q: the connector pushed a state at least as new as i. Walking updates in time
 * order, each update settles every still-open change up to the latest such j, and their lag is
 * t − (change time). Limit of the method: a stale push whose quantity happens to equal a newer
 * state's is taken as that newer state (the platform cannot tell them apart either).
 */

export interface AvailabilityChange {
  /** Unix ms the ERP accepted the change. */
  at: number;
  /** Available after the change, as the ERP would push it (clamped to the platform's range). */
  available: number;
}

export interface PlatformUpdate {
  /** Unix ms the platform applied the update. */
  t: number;
  quantity: number;
}

export interface KeyLags {
  /** One lag (ms) per change at or after `since` that the platform came to reflect. */
  lags: number[];
  /** Changes at or after `since` that no platform update ever reflected. */
  unsynced: number;
}

/**
 * @param changes the key's changes in ERP order (seq order; times non-decreasing)
 * @param updates the key's platform updates in time order
 * @param since only changes at or after this time are measured (earlier ones still settle)
 */
export function keyLags(changes: readonly AvailabilityChange[], updates: readonly PlatformUpdate[], since = 0): KeyLags {
  // value -> indices of changes with that available, ascending
  const byValue = new Map<number, number[]>();
  changes.forEach((c, i) => {
    const list = byValue.get(c.available);
    if (list) list.push(i);
    else byValue.set(c.available, [i]);
  });
  const lags: number[] = [];
  let next = 0; // first change not yet reflected
  for (const u of updates) {
    if (next >= changes.length) break;
    const candidates = byValue.get(u.quantity);
    if (!candidates) continue;
    const j = lastAtOrBefore(candidates, changes, u.t);
    if (j < next) continue;
    for (let i = next; i <= j; i++) {
      const c = changes[i] as AvailabilityChange;
      if (c.at >= since) lags.push(Math.max(0, u.t - c.at));
    }
    next = j + 1;
  }
  let unsynced = 0;
  for (let i = next; i < changes.length; i++) if ((changes[i] as AvailabilityChange).at >= since) unsynced++;
  return { lags, unsynced };
}

/** The largest index in `candidates` whose change time is <= t, or -1. */
function lastAtOrBefore(candidates: readonly number[], changes: readonly AvailabilityChange[], t: number): number {
  let lo = 0;
  let hi = candidates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const idx = candidates[mid] as number;
    if ((changes[idx] as AvailabilityChange).at <= t) {
      found = idx;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
