/**
 * Does the connector back off after a 429? The mock's 429 carries `Retry-After` in whole
 * seconds (the time until the caller's bucket holds a token again, at least 1 s). TikTok
 * documents no such header; the mock sends it so that "respects the platform's backoff" has a
 * figure a connector can read and a test can check. A call to the same app × shop × endpoint
 * that arrives after the grace and before that time is an early call.
 *
 * The grace covers calls the connector had already sent when the 429 reached it (several
 * in flight at once); it is no tolerance for retrying fast: a connector that retries at once
 * after a 429 keeps calling through the window and every such call counts.
 *
 * Memory: one entry per app × shop × endpoint throttled, dropped at its next call after the
 * window; shops and endpoints are the catalog's and the route table's, so it stays small.
 */
export const RETRY_AFTER_GRACE_MS = 250;

interface Window {
  /** Calls from here on are early (the 429's time plus the grace). */
  from: number;
  /** The time the 429's Retry-After named. */
  until: number;
}

export interface RetryAfterStats {
  /** 429 answers sent for the rate limit (each one with Retry-After). */
  throttled: number;
  /** Calls that arrived inside a Retry-After window, by route key. */
  early_calls: Record<string, number>;
}

export class RetryAfterWatch {
  private throttledCount = 0;
  private readonly early = new Map<string, number>();
  private readonly windows = new Map<string, Window>();

  /** Seconds for the Retry-After header: whole, at least 1 (HTTP's delta-seconds). */
  static seconds(waitMs: number): number {
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  /** Whether any window is open (when none is, a call has nothing to be checked against). */
  get watching(): boolean {
    return this.windows.size > 0;
  }

  /** A call arrived (before the limiter decides): counted when it is inside a window. */
  see(key: string, endpoint: string, now: number): void {
    const w = this.windows.get(key);
    if (w === undefined) return;
    if (now >= w.until) this.windows.delete(key);
    else if (now >= w.from) this.early.set(endpoint, (this.early.get(endpoint) ?? 0) + 1);
  }

  /** The call was answered 429 with `Retry-After: retryAfterS`. */
  throttle(key: string, now: number, retryAfterS: number): void {
    this.throttledCount++;
    this.windows.set(key, { from: now + RETRY_AFTER_GRACE_MS, until: now + retryAfterS * 1000 });
  }

  stats(): RetryAfterStats {
    return { throttled: this.throttledCount, early_calls: Object.fromEntries(this.early) };
  }

  reset(): void {
    this.throttledCount = 0;
    this.early.clear();
    this.windows.clear();
  }
}
