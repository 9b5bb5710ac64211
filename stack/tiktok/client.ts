/**
 * The TikTok Shop Open API client of the connector: signed requests (lib/tiktok/signature.ts),
 * one undici Pool with keep-alive per kind of call (bulkheads, see `callKind`), a timeout on
 * every request, the client-side token bucket per
 * shop x endpoint, and bounded retries: 429 / 36009002 -> backoff with jitter (and the bucket
 * paused); 5xx, 36009003, 36009007, timeouts and connection errors -> retried only when the
 * caller says the call is safe to repeat; 105002 (access token expired) -> the token renewed
 * (access-grant.ts) and the call sent again, once, whatever its kind: the platform refused it
 * before doing anything, so nothing is lost or done twice. Other business errors (code != 0)
 * go back to the caller.
 * Secrets never leave this file: errors and logs carry paths and codes, not the query string.
 */
import { Pool } from 'undici';
import { signRequest } from '../../lib/tiktok/signature.ts';
import { backoffMs } from './backoff.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { RateLimits, type RateLimitSettings } from './token-bucket.ts';

export interface TikTokClientOptions {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  timeoutMs: number;
  connections: number;
  rateLimit: RateLimitSettings;
  /** Attempts after a 429 before giving up. */
  maxThrottleRetries: number;
  /** Attempts after a 5xx/timeout/connection error, for calls marked `idempotent`. */
  maxRetries: number;
  /** Upper bound on one call including waits and retries. */
  callDeadlineMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Every kind of call through one pool: the connector without bulkheads (`--defects shared-pool`). */
  sharedPool?: boolean;
}

export interface Envelope<T> {
  code: number;
  message: string;
  request_id?: string;
  data: T;
}

/** `deauthorized`: not sent, the shop no longer authorizes this app (ClientEvents.serves). */
export type FailureKind = 'throttled' | 'server' | 'timeout' | 'network' | 'deadline' | 'bad_response' | 'deauthorized';

/** A call that did not get a definitive answer after its retries. */
export class TikTokCallError extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly endpoint: string,
    readonly attempts: number,
    detail: string,
  ) {
    super(`TikTok ${endpoint}: ${kind} after ${attempts} attempt(s): ${detail}`);
    this.name = 'TikTokCallError';
  }
}

export interface CallSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Rate-limit and metrics key, e.g. `POST /product/202309/products/{id}/inventory/update`. */
  endpoint: string;
  /** Shop-scoped calls carry shop_cipher; `/authorization/*` calls must not. */
  shop?: { shop_id: string; cipher: string };
  query?: Record<string, string | number>;
  /** The JSON body, or a function building it at send time (after the rate-limit token, per attempt). */
  body?: unknown;
  /** Safe to repeat after an ambiguous failure (timeouts, 5xx). Throttling is always retried. */
  idempotent: boolean;
  /** The caller already took the rate-limit token for the first attempt. */
  preAcquired?: boolean;
  /** For a seller-scoped call (no shop): whose token to send (index in the stack's sellers; default the first). */
  seller?: number;
}

/** Where each request's access token comes from (access-grant.ts). */
export interface TokenSource {
  readonly accessToken: string;
  /** The platform said `usedToken` has expired; resolves once a retry may go. */
  renewAfterExpired(usedToken: string): Promise<void>;
}

/** Several sellers: each call's token source, its shop's seller's (or `seller`'s for a seller-scoped call). */
export interface TokenRouter {
  sourceFor(shopId: string | undefined, seller: number | undefined): TokenSource;
}

/** A token used as given, never renewed (a connector without a refresh token). */
export function fixedToken(accessToken: string): TokenSource {
  return { accessToken, renewAfterExpired: async () => undefined };
}

export interface ClientEvents {
  onResponse?: (endpoint: string, outcome: string, ms: number) => void;
  /** Whether the shop may be called; a call for a shop it refuses is not sent (kind `deauthorized`). */
  serves?: (shopId: string) => boolean;
  /** A shop-scoped call answered with a business error (code != 0). */
  onRefused?: (shopId: string, endpoint: string, code: number) => void;
}

/**
 * Kinds of call, each with its own connection pool: a slow endpoint fills only its own pool's
 * connections and queue, so inventory pushes answered seconds late cannot hold order intake or
 * shipment sync behind them (the workers' concurrency budgets are per kind already).
 */
export type CallKind = 'inventory' | 'orders' | 'fulfillment' | 'other';

/** The kind of a call, from its endpoint key (`METHOD /path`). */
export function callKind(endpoint: string): CallKind {
  if (endpoint.includes('/inventory/')) return 'inventory';
  if (endpoint.includes(' /order/')) return 'orders';
  if (endpoint.includes(' /fulfillment/')) return 'fulfillment';
  return 'other';
}

const THROTTLED = 36009002;
const TOKEN_EXPIRED = 105002;
const TRANSIENT_CODES = new Set([36009003, 36009007]);

export class TikTokClient {
  private readonly pools = new Map<CallKind | 'shared', Pool>();
  private readonly origin: string;
  private readonly prefix: string;
  private closed = false;
  readonly limits: RateLimits;

  constructor(
    private readonly opts: TikTokClientOptions,
    private readonly tokens: TokenSource | TokenRouter,
    private readonly events: ClientEvents = {},
  ) {
    const u = new URL(opts.baseUrl);
    this.prefix = u.pathname.replace(/\/+$/, '');
    this.origin = u.origin;
    this.limits = new RateLimits(opts.rateLimit);
  }

  async call<T>(spec: CallSpec): Promise<Envelope<T>> {
    const started = Date.now();
    const deadline = started + this.opts.callDeadlineMs;
    const shopKey = spec.shop?.shop_id ?? '-';
    let throttled = 0;
    let failed = 0;
    let lastDetail = '';
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new TikTokCallError('network', spec.endpoint, attempt - 1, 'client closed');
      if (spec.shop && this.events.serves?.(spec.shop.shop_id) === false)
        throw new TikTokCallError('deauthorized', spec.endpoint, attempt - 1, `shop ${spec.shop.shop_id} no longer authorizes this app`);
      if (!(attempt === 1 && spec.preAcquired) && !(await this.limits.acquire(shopKey, spec.endpoint, deadline)))
        throw new TikTokCallError('deadline', spec.endpoint, attempt - 1, 'rate limit wait passed the call deadline');
      const t0 = performance.now();
      let kind: FailureKind | undefined;
      const source = 'sourceFor' in this.tokens ? this.tokens.sourceFor(spec.shop?.shop_id, spec.seller) : this.tokens;
      const token = source.accessToken;
      try {
        const { status, body } = await this.once(spec, token);
        const env = parseEnvelope<T>(body);
        if (env?.code === TOKEN_EXPIRED && !renewed) {
          this.events.onResponse?.(spec.endpoint, `code_${TOKEN_EXPIRED}`, performance.now() - t0);
          renewed = true;
          await source.renewAfterExpired(token);
          continue;
        }
        if (status === 429 || env?.code === THROTTLED) {
          kind = 'throttled';
          lastDetail = `HTTP ${status}`;
        } else if (status >= 500 || (env && TRANSIENT_CODES.has(env.code))) {
          kind = 'server';
          lastDetail = `HTTP ${status} code ${env?.code ?? '-'}`;
        } else if (!env) {
          kind = 'bad_response';
          lastDetail = `HTTP ${status}, body is not a TikTok envelope`;
        } else {
          this.events.onResponse?.(spec.endpoint, env.code === 0 ? 'ok' : `code_${env.code}`, performance.now() - t0);
          if (env.code !== 0 && spec.shop) this.events.onRefused?.(spec.shop.shop_id, spec.endpoint, env.code);
          return env;
        }
      } catch (e) {
        const err = e as { name?: string; code?: string; message?: string };
        kind = /timeout/i.test(`${err.name} ${err.code}`) || err.name === 'AbortError' ? 'timeout' : 'network';
        lastDetail = err.code ?? err.message ?? String(e);
      }
      this.events.onResponse?.(spec.endpoint, kind, performance.now() - t0);
      let delay: number;
      if (kind === 'throttled') {
        if (++throttled > this.opts.maxThrottleRetries) throw new TikTokCallError(kind, spec.endpoint, attempt, lastDetail);
        delay = backoffMs(throttled - 1, this.opts.backoffBaseMs, this.opts.backoffCapMs);
        this.limits.bucket(shopKey, spec.endpoint).penalize(delay);
      } else {
        if (!spec.idempotent || kind === 'bad_response' || ++failed > this.opts.maxRetries)
          throw new TikTokCallError(kind, spec.endpoint, attempt, lastDetail);
        delay = backoffMs(failed - 1, this.opts.backoffBaseMs, this.opts.backoffCapMs);
      }
      if (Date.now() + delay > deadline) throw new TikTokCallError(kind, spec.endpoint, attempt, `${lastDetail}; call deadline reached`);
      await sleep(delay);
    }
  }

  private async once(spec: CallSpec, accessToken: string): Promise<{ status: number; body: string }> {
    const query: Record<string, string | number> = {
      ...spec.query,
      app_key: this.opts.appKey,
      timestamp: Math.floor(Date.now() / 1000),
    };
    if (spec.shop) query.shop_cipher = spec.shop.cipher;
    const body = typeof spec.body === 'function' ? (spec.body as () => unknown)() : spec.body;
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    const sign = signRequest({ path: spec.path, query, body: bodyText, contentType: 'application/json' }, this.opts.appSecret);
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) qs.set(k, String(v));
    qs.set('sign', sign);
    const res = await this.pool(this.opts.sharedPool ? 'shared' : callKind(spec.endpoint)).request({
      method: spec.method,
      path: `${this.prefix}${spec.path}?${qs.toString()}`,
      headers: { 'content-type': 'application/json', 'x-tts-access-token': accessToken },
      body: bodyText === '' ? undefined : bodyText,
      signal: AbortSignal.timeout(this.opts.timeoutMs),
    });
    return { status: res.statusCode, body: await res.body.text() };
  }

  /** The pool of one kind of call, opened on first use with `connections` of its own. */
  private pool(kind: CallKind | 'shared'): Pool {
    let p = this.pools.get(kind);
    if (!p) {
      const t = this.opts.timeoutMs;
      p = new Pool(this.origin, { connections: this.opts.connections, keepAliveTimeout: 30_000, headersTimeout: t, bodyTimeout: t, connectTimeout: t });
      this.pools.set(kind, p);
    }
    return p;
  }

  /** No new attempts from now on (calls in a retry wait give up at their next attempt). */
  stop(): void {
    this.closed = true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }
}

function parseEnvelope<T>(text: string): Envelope<T> | undefined {
  try {
    const v = JSON.parse(text) as Envelope<T>;
    return typeof v === 'object' && v !== null && typeof v.code === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}
