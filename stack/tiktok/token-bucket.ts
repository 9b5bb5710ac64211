/**
 * Client-side rate limiting: one token bucket per shop x endpoint, set below the platform's
 * limit so the connector rarely meets a 429. Refill is computed from the clock (no timers);
 * a 429 from the platform empties the bucket and pauses it for the backoff (`penalize`).
 */
import { setTimeout as sleep } from 'node:timers/promises';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;

  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  private refill(t: number): void {
    if (t > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) * this.qps) / 1000);
      this.last = t;
    }
  }

  /** Takes a token if one is there; otherwise returns how many ms until one will be. */
  take(): number {
    const t = this.now();
    if (t < this.pausedUntil) return this.pausedUntil - t;
    this.refill(t);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.qps);
  }

  /** The platform throttled us: no tokens for `ms`. */
  penalize(ms: number): void {
    const t = this.now();
    this.tokens = 0;
    this.pausedUntil = Math.max(this.pausedUntil, t + ms);
    this.last = this.pausedUntil; // nothing accrues while paused
  }
}

export interface RateLimitSettings {
  /** Requests per second per shop x endpoint (default below the platform's reported 50). */
  qps: number;
  burst: number;
  /** Overrides by endpoint key, e.g. `"POST /product/202309/products/{id}/inventory/update": 20`. */
  perEndpoint: Record<string, number>;
}

export class RateLimits {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  bucket(shopId: string, endpoint: string): TokenBucket {
    const key = `${shopId} ${endpoint}`;
    let b = this.buckets.get(key);
    if (!b) {
      const qps = this.settings.perEndpoint[endpoint] ?? this.settings.qps;
      b = new TokenBucket(qps, Math.max(1, Math.min(this.settings.burst, qps)), this.now);
      this.buckets.set(key, b);
    }
    return b;
  }

  /** Waits (bounded by `deadline`, epoch ms) for a token; false if the deadline passes first. */
  async acquire(shopId: string, endpoint: string, deadline: number): Promise<boolean> {
    const b = this.bucket(shopId, endpoint);
    for (;;) {
      const wait = b.take();
      if (wait === 0) return true;
      if (this.now() + wait > deadline) return false;
      await sleep(wait);
    }
  }
}
