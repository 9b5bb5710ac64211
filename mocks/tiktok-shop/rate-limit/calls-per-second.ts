/**
 * How fast each shop calls each endpoint: its calls (throttled ones included: what the
 * connector sent, not what it was let through) counted in whole-second windows of the mock's
 * clock (`floor(ms / 1000)`), and each closed window tallied by its count: `{"38": 4}` means
 * four seconds in which that shop made 38 calls to that endpoint. Seconds without a call are
 * not tallied.
 *
 * A tally, not a timeline: memory is one small map per shop × endpoint however long the mock
 * runs, and like every other counter of `/__mock/stats` it only grows, so the harness takes a
 * run's share as the difference of two reads (src/harness/stats-window.ts). The second in
 * progress when the stats are read is not tallied yet; it is, in full, once it is over.
 */

interface ShopSeconds {
  /** The second (floor of ms / 1000) being counted, and its calls so far. */
  second: number;
  calls: number;
  /** Closed seconds by their count of calls: calls -> seconds. */
  readonly tally: Map<number, number>;
}

/** Per route key, per shop id: closed seconds by their count of calls. */
export type CallsPerSecondTally = Record<string, Record<string, Record<string, number>>>;

export class CallsPerSecond {
  /** Route key -> shop -> its seconds (nested maps: no key string is built per call). */
  private readonly byEndpoint = new Map<string, Map<string, ShopSeconds>>();

  /** A call by `shop` to `endpoint` arrived at `nowMs`. */
  see(shop: string, endpoint: string, nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    let shops = this.byEndpoint.get(endpoint);
    if (shops === undefined) this.byEndpoint.set(endpoint, (shops = new Map()));
    const s = shops.get(shop);
    if (s === undefined) {
      shops.set(shop, { second, calls: 1, tally: new Map() });
      return;
    }
    if (second > s.second) close(s, second);
    // A clock that steps back (injected in tests, NTP) keeps counting into the open second.
    s.calls++;
  }

  /** The closed seconds of every shop × endpoint, as of `nowMs`. */
  tally(nowMs: number): CallsPerSecondTally {
    const second = Math.floor(nowMs / 1000);
    const out: CallsPerSecondTally = {};
    for (const [endpoint, shops] of this.byEndpoint) {
      const perShop: Record<string, Record<string, number>> = {};
      for (const [shop, s] of shops) {
        if (second > s.second) close(s, second);
        if (s.tally.size > 0) perShop[shop] = Object.fromEntries([...s.tally].map(([calls, n]) => [String(calls), n]));
      }
      if (Object.keys(perShop).length > 0) out[endpoint] = perShop;
    }
    return out;
  }

  reset(): void {
    this.byEndpoint.clear();
  }
}

/** Tallies the open second (if it had calls) and opens `second` with none. */
function close(s: ShopSeconds, second: number): void {
  if (s.calls > 0) s.tally.set(s.calls, (s.tally.get(s.calls) ?? 0) + 1);
  s.second = second;
  s.calls = 0;
}
