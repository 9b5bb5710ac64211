/**
 * Token buckets per app x shop x endpoint: the mock's answer to TikTok's dynamic rate limits.
 *
 * No timers: a bucket's refill is computed from the clock when it is next touched, so a call
 * costs one Map lookup and a few arithmetic operations, and idle buckets cost nothing but
 * memory. Memory is bounded by `maxBuckets`; past it the least recently created bucket is
 * forgotten (it comes back full — lenient, never stricter than the platform), which only
 * happens when a client invents app keys or shop ids by the hundred thousand.
 *
 * `take` answering false means: answer HTTP 429 with code 36009002.
 */
import {
  DEFAULT_RATE_LIMIT,
  RateLimitConfigError,
  validateRateLimitConfig,
  type RateLimitConfig,
} from './rate-limit-config.ts';

export type { RateLimitConfig } from './rate-limit-config.ts';
export { validateRateLimitConfig, RateLimitConfigError, DEFAULT_RATE_LIMIT } from './rate-limit-config.ts';

interface Bucket {
  tokens: number;
  /** Clock reading (ms) when `tokens` was last brought up to date. */
  at: number;
}

interface Limit {
  /** Tokens per millisecond. */
  perMs: number;
  capacity: number;
}

export const DEFAULT_MAX_BUCKETS = 100_000;

/** Monotonic milliseconds: wall-clock steps (NTP) must not refill or drain buckets. */
const monotonicMs = (): number => performance.now();

export class RateLimiter {
  private config!: RateLimitConfig;
  private readonly buckets = new Map<string, Bucket>();
  /** Resolved limit per endpoint, filled on first use; cleared on configure. */
  private readonly limits = new Map<string, Limit>();

  /**
   * @param now clock in milliseconds (monotonic by default; tests inject their own).
   * @throws RateLimitConfigError listing every problem of an invalid config.
   */
  constructor(
    config: RateLimitConfig = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = monotonicMs,
    private readonly maxBuckets = DEFAULT_MAX_BUCKETS,
  ) {
    if (!Number.isInteger(maxBuckets) || maxBuckets < 1) throw new RangeError('invalid maxBuckets');
    this.apply(config);
  }

  /** False = throttled. `endpoint` is a route key like "POST /product/202309/products/{id}/inventory/update". */
  take(appKey: string, shopId: string, endpoint: string): boolean {
    const t = this.now();
    const limit = this.limitFor(endpoint);
    const key = appKey + '\u0000' + shopId + '\u0000' + endpoint;
    let b = this.buckets.get(key);
    if (b === undefined) {
      if (this.buckets.size >= this.maxBuckets) this.evictOldest();
      b = { tokens: limit.capacity, at: t };
      this.buckets.set(key, b);
    } else {
      refill(b, limit, t);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  /**
   * Replaces the limits from now on. Buckets keep what they had earned under the old rates
   * (up to now), capped at their new capacity, so a reconfiguration never grants a free burst.
   * @throws RateLimitConfigError (and changes nothing) if the config is invalid.
   */
  configure(config: RateLimitConfig): void {
    const t = this.now();
    for (const [key, b] of this.buckets) refill(b, this.limitFor(endpointOf(key)), t);
    this.apply(config);
    for (const [key, b] of this.buckets) b.tokens = Math.min(b.tokens, this.limitFor(endpointOf(key)).capacity);
  }

  /** The config in force (a copy). */
  current(): RateLimitConfig {
    return structuredClone(this.config);
  }

  /** Number of buckets held (for observation and the memory bound's test). */
  get size(): number {
    return this.buckets.size;
  }

  /** Forgets every bucket: all start full again. */
  reset(): void {
    this.buckets.clear();
  }

  private apply(config: RateLimitConfig): void {
    const problems = validateRateLimitConfig(config);
    if (problems.length > 0) throw new RateLimitConfigError(problems);
    this.config = structuredClone(config);
    this.limits.clear();
  }

  private limitFor(endpoint: string): Limit {
    let l = this.limits.get(endpoint);
    if (l === undefined) {
      const qps = this.config.perEndpoint?.[endpoint] ?? this.config.defaultQps;
      l = { perMs: qps / 1000, capacity: this.config.burst ?? Math.max(1, qps) };
      // Route keys are templates, so this map stays small; guard anyway against raw paths.
      if (this.limits.size >= this.maxBuckets) this.limits.clear();
      this.limits.set(endpoint, l);
    }
    return l;
  }

  private evictOldest(): void {
    const first = this.buckets.keys().next();
    if (first.done !== true) this.buckets.delete(first.value);
  }
}

function refill(b: Bucket, limit: Limit, t: number): void {
  const elapsed = t - b.at;
  // A clock that goes backwards (injected in tests) earns nothing rather than draining.
  if (elapsed > 0) b.tokens = Math.min(limit.capacity, b.tokens + elapsed * limit.perMs);
  b.at = t;
}

function endpointOf(key: string): string {
  return key.slice(key.indexOf('\u0000', key.indexOf('\u0000') + 1) + 1);
}
