/**
 * Options of the mock platform: the type, the defaults resolved in one step, and a validation
 * that reports every problem, changes nothing and rejects unknown keys.
 */
import { randomBytes } from 'node:crypto';
import { validateRateLimitConfig, type RateLimitConfig } from './rate-limit/rate-limiter.ts';
import { DEFAULT_LIFETIMES, type TokenLifetimes } from './protocol/tokens.ts';
import { REGIONS } from './state/catalog.ts';
import { MARKET_REGIONS } from './state/markets.ts';
import { FaultInjector } from './faults/fault-injector.ts';
import { resolveWebhookSettings, type WebhookSettingsInput } from './webhooks/webhook-config.ts';
import { FieldCheck, type Obj } from '../../lib/config/field-check.ts';

export interface MockOptions {
  /** Bind address; loopback unless named. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Catalog seed (faker) and fault PRNG seed. */
  seed?: string;
  /** Shops of the one default seller (in the US sub-regions); not with `sellers`. */
  shops?: number;
  /** Several sellers, each with its own authorization, tokens and shops (one per listed market). */
  sellers?: SellerOptions[];
  skus?: number;
  warehouses?: number;
  /** Pinned credentials; generated when absent. */
  appKey?: string;
  appSecret?: string;
  accessToken?: string;
  rateLimit?: RateLimitConfig;
  /** A fault spec as the fault injector takes it (see mocks/README.md). */
  faults?: unknown;
  /** Webhook dispatcher settings (timeout, retry schedule, concurrency, allowRemote...). */
  webhook?: WebhookSettingsInput;
  tokenLifetimes?: Partial<TokenLifetimes>;
  /** Request bodies above this are refused (413) before parsing. */
  maxBodyBytes?: number;
  /** Wall clock in ms (tests move time to expire tokens and timestamps). */
  now?: () => number;
}

export interface SellerOptions {
  /** `seller_name` of its token grants; `Seller <n>` when absent. */
  name?: string;
  /** One shop per entry, in that market (US, GB, ID, MY, TH, VN, PH, SG; a market may repeat). */
  shops: string[];
}

export interface ResolvedOptions {
  host: string;
  port: number;
  seed: string;
  shops: number;
  /** Undefined: one seller owning `shops` shops in the default US sub-regions. */
  sellers: SellerOptions[] | undefined;
  skus: number;
  warehouses: number;
  appKey: string;
  appSecret: string;
  accessToken: string | undefined;
  rateLimit: RateLimitConfig;
  faults: unknown;
  webhook: WebhookSettingsInput;
  tokenLifetimes: TokenLifetimes;
  maxBodyBytes: number;
  now: () => number;
}

const KEYS = [
  'host', 'port', 'seed', 'shops', 'sellers', 'skus', 'warehouses', 'appKey', 'appSecret', 'accessToken',
  'rateLimit', 'faults', 'webhook', 'tokenLifetimes', 'maxBodyBytes', 'now',
];
const WEBHOOK_KEYS = ['timeoutMs', 'retryScheduleMs', 'concurrency', 'maxPending', 'allowRemote'];
/** At most this many shops in all: the inventory ledger is shops x SKUs x warehouses. */
const MAX_SHOPS = 50;
const CREDENTIAL = /^[A-Za-z0-9_.\-]{4,128}$/;

/** Every problem of `o` (empty = valid), in lib's FieldCheck format. */
export function validateMockOptions(o: MockOptions): string[] {
  const c = new FieldCheck();
  c.onlyKeys(o as Obj, KEYS, '');
  c.optStr(o.host, 'host');
  c.optInt(o.port, 'port', 0, 65535);
  c.optStr(o.seed, 'seed');
  c.optInt(o.shops, 'shops', 1, MAX_SHOPS);
  if (o.sellers !== undefined) checkSellers(c, o.sellers, o.shops !== undefined);
  c.optInt(o.skus, 'skus', 1, 100_000);
  c.optInt(o.warehouses, 'warehouses', 1, REGIONS.length); // one per region
  for (const k of ['appKey', 'appSecret', 'accessToken'] as const) {
    const v = o[k];
    // the value is not shown: it may be a secret
    if (v !== undefined && (typeof v !== 'string' || !CREDENTIAL.test(v))) c.add(k, 'expected 4-128 letters, digits, "_", "." or "-"');
  }
  if (o.rateLimit !== undefined) c.problems.push(...validateRateLimitConfig(o.rateLimit).map((p) => `rateLimit.${p}`));
  if (o.faults !== undefined) {
    c.problems.push(...new FaultInjector(typeof o.seed === 'string' && o.seed !== '' ? o.seed : 'peakday').configure(o.faults).map((p) => `faults.${p}`));
  }
  if (o.webhook !== undefined) {
    const w = c.obj(o.webhook, 'webhook');
    c.onlyKeys(w, WEBHOOK_KEYS, 'webhook');
    c.problems.push(...resolveWebhookSettings(w).problems.map((p) => `webhook.${p}`));
  }
  if (o.tokenLifetimes !== undefined) {
    const t = c.obj(o.tokenLifetimes, 'tokenLifetimes');
    c.onlyKeys(t, Object.keys(DEFAULT_LIFETIMES), 'tokenLifetimes');
    for (const k of Object.keys(DEFAULT_LIFETIMES)) c.optInt(t[k], `tokenLifetimes.${k}`, 1, 10 * 365 * 86_400);
  }
  c.optInt(o.maxBodyBytes, 'maxBodyBytes', 1024, 64 * 1024 * 1024);
  if (o.now !== undefined && typeof o.now !== 'function') c.expected('now', 'a function returning ms', o.now);
  return c.problems;
}

function checkSellers(c: FieldCheck, v: unknown, withShops: boolean): void {
  if (withShops) c.add('sellers', 'give either shops (one seller) or sellers, not both');
  let total = 0;
  c.arr(v, 'sellers', 1, MAX_SHOPS).forEach((raw, i) => {
    const at = `sellers[${i}]`;
    const s = c.obj(raw, at);
    c.onlyKeys(s, ['name', 'shops'], at);
    c.optStr(s.name, `${at}.name`, 100);
    const shops = c.arr(s.shops, `${at}.shops`, 1, MAX_SHOPS);
    shops.forEach((m, j) => c.oneOf(m, `${at}.shops[${j}]`, MARKET_REGIONS));
    total += shops.length;
  });
  if (total > MAX_SHOPS) c.add('sellers', `${total} shops in all; at most ${MAX_SHOPS}`);
}

export class MockOptionsError extends Error {
  readonly code = 'MOCK_OPTIONS';
  constructor(readonly problems: string[]) {
    super(`invalid mock options:\n  ${problems.join('\n  ')}`);
    this.name = 'MockOptionsError';
  }
}

/** Validates then fills defaults; throws MockOptionsError listing every problem. */
export function resolveOptions(o: MockOptions = {}): ResolvedOptions {
  const problems = validateMockOptions(o);
  if (problems.length > 0) throw new MockOptionsError(problems);
  return {
    host: o.host ?? '127.0.0.1',
    port: o.port ?? 0,
    seed: o.seed ?? 'peakday',
    shops: o.sellers?.reduce((n, s) => n + s.shops.length, 0) ?? o.shops ?? 3,
    sellers: o.sellers?.map((s) => ({ ...s, shops: [...s.shops] })),
    skus: o.skus ?? 200,
    warehouses: o.warehouses ?? 3,
    appKey: o.appKey ?? `mock${randomBytes(5).toString('hex')}`,
    appSecret: o.appSecret ?? randomBytes(20).toString('hex'),
    accessToken: o.accessToken,
    rateLimit: o.rateLimit ?? { defaultQps: 50 },
    faults: o.faults,
    webhook: { ...o.webhook },
    tokenLifetimes: { ...DEFAULT_LIFETIMES, ...o.tokenLifetimes },
    maxBodyBytes: o.maxBodyBytes ?? 4 * 1024 * 1024,
    now: o.now ?? Date.now,
  };
}
