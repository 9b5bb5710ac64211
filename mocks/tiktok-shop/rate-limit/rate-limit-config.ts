/**
 * Rate-limit configuration of the mock platform: its type, its defaults and its validation.
 *
 * TikTok limits "per app, shop and endpoint" dynamically; the 50 QPS default is reported but
 * unconfirmed, so every number here is configurable, at start and at run time.
 *
 * Validation reports every problem with its path and changes nothing; unknown keys are
 * rejected so a typo (`defaultQPS`) cannot silently leave the default in force.
 */
import { unknownKey } from '../../../lib/config/field-check.ts';

export interface RateLimitConfig {
  /** Sustained calls per second per app x shop x endpoint. */
  defaultQps: number;
  /** Bucket capacity (calls allowed at once after idling); defaults to each endpoint's qps. */
  burst?: number;
  /** Route key ("POST /product/202309/products/{id}/inventory/update") -> its own qps. */
  perEndpoint?: Record<string, number>;
}

export const DEFAULT_RATE_LIMIT: Readonly<RateLimitConfig> = Object.freeze({ defaultQps: 50 });

/** Route key grammar: METHOD " " path, path starting with "/" and holding no whitespace. */
const ROUTE_KEY = /^(GET|POST|PUT|DELETE|PATCH) \/\S*$/;
const KNOWN_KEYS = new Set(['defaultQps', 'burst', 'perEndpoint']);
/** Above this a limit means nothing on one machine; also keeps token arithmetic exact. */
export const MAX_QPS = 1e9;

function positiveRate(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_QPS;
}

/** Every problem of `raw` as a rate-limit config (empty = valid). Never mutates `raw`. */
export function validateRateLimitConfig(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return ['rate limit config: expected an object like {"defaultQps": 50}'];
  }
  const problems: string[] = [];
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!KNOWN_KEYS.has(k)) problems.push(unknownKey('', k, [...KNOWN_KEYS]));
  }
  if (!('defaultQps' in o)) problems.push('defaultQps: required');
  else if (!positiveRate(o.defaultQps)) problems.push(`defaultQps: expected a number > 0 and <= ${MAX_QPS}, got ${JSON.stringify(o.defaultQps)}`);
  if (o.burst !== undefined) {
    const b = o.burst;
    if (typeof b !== 'number' || !Number.isFinite(b) || b < 1 || b > MAX_QPS) {
      problems.push(`burst: expected a number >= 1 and <= ${MAX_QPS}, got ${JSON.stringify(b)}`);
    }
  }
  if (o.perEndpoint !== undefined) {
    const p = o.perEndpoint;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) {
      problems.push('perEndpoint: expected an object of route key -> qps');
    } else {
      for (const [key, qps] of Object.entries(p as Record<string, unknown>)) {
        if (!ROUTE_KEY.test(key)) problems.push(`perEndpoint[${JSON.stringify(key)}]: expected a route key like "POST /product/202309/inventory/search"`);
        if (!positiveRate(qps)) problems.push(`perEndpoint[${JSON.stringify(key)}]: expected a number > 0 and <= ${MAX_QPS}, got ${JSON.stringify(qps)}`);
      }
    }
  }
  return problems;
}

/** Thrown by the limiter for an invalid config; carries every problem. */
export class RateLimitConfigError extends Error {
  readonly code = 'MOCK_RATE_LIMIT_CONFIG';
  constructor(readonly problems: string[]) {
    super(`invalid rate limit config: ${problems.join('; ')}`);
    this.name = 'RateLimitConfigError';
  }
}
