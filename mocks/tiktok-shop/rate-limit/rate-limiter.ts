/**
 * Token buckets per app x shop x endpoint: the mock's answer to TikTok's dynamic rate limits.
 *
 * No timers: a bucket's refill is computed from the clock when it is next touched, so a call
 * costs three Map lookups (endpoint -> shop -> app, on strings the server already holds, so
 * no key string is built and hashed per call) and a few arithmetic operations; idle buckets
 * cost nothing but memory. Memory is bounded by `maxBuckets`: past it every bucket is
 * forgotten and starts full again (lenient, never stricter than the platform), which only
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

/** One endpoint's limit and its buckets by shop, then by app. */
interface EndpointBuckets {
  /** Tokens per millisecond. */
  perMs: number;
  capacity: number;
  byShop: Map<string, Map<string, Bucket>>;
}

export const DEFAULT_MAX_BUCKETS = 100_000;

/** Monotonic milliseconds: wall-clock steps (NTP) must not refill or drain buckets. */
const monotonicMs = (): number => performance.now();

export class RateLimiter {
  private config!: RateLimitConfig;
  private readonly endpoints = new Map<string, EndpointBuckets>();
  private buckets = 0;

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
    const ep = this.endpointBuckets(endpoint);
    let byApp = ep.byShop.get(shopId);
    if (byApp === undefined) ep.byShop.set(shopId, (byApp = new Map()));
    let b = byApp.get(appKey);
    if (b === undefined) {
      if (this.buckets >= this.maxBuckets) return this.forgetAll(appKey, shopId, endpoint);
      b = { tokens: ep.capacity, at: t };
      byApp.set(appKey, b);
      this.buckets++;
    } else {
      refill(b, ep, t);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until the bucket of app x shop x endpoint holds a whole token again (0: it does now). */
  waitMs(appKey: string, shopId: string, endpoint: string): number {
    const ep = this.endpoints.get(endpoint);
    const b = ep?.byShop.get(shopId)?.get(appKey);
    if (ep === undefined || b === undefined) return 0;
    refill(b, ep, this.now());
    return b.tokens >= 1 ? 0 : (1 - b.tokens) / ep.perMs;
  }

  /**
   * Replaces the limits from now on. Buckets keep what they had earned under the old rates
   * (up to now), capped at their new capacity, so a reconfiguration never grants a free burst.
   * @throws RateLimitConfigError (and changes nothing) if the config is invalid.
   */
  configure(config: RateLimitConfig): void {
    const problems = validateRateLimitConfig(config);
    if (problems.length > 0) throw new RateLimitConfigError(problems);
    const t = this.now();
    for (const ep of this.endpoints.values()) for (const b of allBuckets(ep)) refill(b, ep, t);
    this.apply(config);
    for (const [endpoint, ep] of this.endpoints) {
      const { perMs, capacity } = this.limitOf(endpoint);
      ep.perMs = perMs;
      ep.capacity = capacity;
      for (const b of allBuckets(ep)) b.tokens = Math.min(b.tokens, capacity);
    }
  }

  /** The config in force (a copy). */
  current(): RateLimitConfig {
    return structuredClone(this.config);
  }

  /** The limit in force for a route key: calls per second, and the bucket's capacity (the burst). */
  limit(endpoint: string): { qps: number; burst: number } {
    return { qps: this.qpsOf(endpoint), burst: this.limitOf(endpoint).capacity };
  }

  /** Number of buckets held (for observation and the memory bound's test). */
  get size(): number {
    return this.buckets;
  }

  /** Forgets every bucket: all start full again. */
  reset(): void {
    this.endpoints.clear();
    this.buckets = 0;
  }

  private apply(config: RateLimitConfig): void {
    const problems = validateRateLimitConfig(config);
    if (problems.length > 0) throw new RateLimitConfigError(problems);
    this.config = structuredClone(config);
  }

  private qpsOf(endpoint: string): number {
    return this.config.perEndpoint?.[endpoint] ?? this.config.defaultQps;
  }

  private limitOf(endpoint: string): { perMs: number; capacity: number } {
    const qps = this.qpsOf(endpoint);
    return { perMs: qps / 1000, capacity: this.config.burst ?? Math.max(1, qps) };
  }

  private endpointBuckets(endpoint: string): EndpointBuckets {
    let ep = this.endpoints.get(endpoint);
    if (ep === undefined) {
      ep = { ...this.limitOf(endpoint), byShop: new Map() };
      this.endpoints.set(endpoint, ep);
    }
    return ep;
  }

  private forgetAll(appKey: string, shopId: string, endpoint: string): boolean {
    this.reset();
    return this.take(appKey, shopId, endpoint);
  }
}

function* allBuckets(ep: EndpointBuckets): Generator<Bucket> {
  for (const byApp of ep.byShop.values()) yield* byApp.values();
}

function refill(b: Bucket, limit: EndpointBuckets, t: number): void {
  const elapsed = t - b.at;
  // A clock that goes backwards (injected in tests) earns nothing rather than draining.
  if (elapsed > 0) b.tokens = Math.min(limit.capacity, b.tokens + elapsed * limit.perMs);
  b.at = t;
}
