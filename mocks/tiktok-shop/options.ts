/**
 * Options of the mock platform: the type, the defaults resolved in one step, and a validation
 * that reports every problem, changes nothing and rejects unknown keys.
 */
import { randomBytes } from 'node:crypto';
import { validateRateLimitConfig, type RateLimitConfig } from './rate-limit/rate-limiter.ts';
import { DEFAULT_LIFETIMES, type TokenLifetimes } from './protocol/tokens.ts';
import { REGIONS } from './state/catalog.ts';
import { FaultInjector } from './faults/fault-injector.ts';
import { resolveWebhookSettings, type WebhookSettingsInput } from './webhooks/webhook-config.ts';
import { unknownKey } from '../../lib/config/field-check.ts';

export interface MockOptions {
  /** Bind address; loopback unless named. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Catalog seed (faker) and fault PRNG seed. */
  seed?: string;
  shops?: number;
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

export interface ResolvedOptions {
  host: string;
  port: number;
  seed: string;
  shops: number;
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
  'host', 'port', 'seed', 'shops', 'skus', 'warehouses', 'appKey', 'appSecret', 'accessToken',
  'rateLimit', 'faults', 'webhook', 'tokenLifetimes', 'maxBodyBytes', 'now',
];
const WEBHOOK_KEYS = ['timeoutMs', 'retryScheduleMs', 'concurrency', 'maxPending', 'allowRemote'];
const CREDENTIAL = /^[A-Za-z0-9_.\-]{4,128}$/;

function intIn(v: unknown, lo: number, hi: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
}

/** Every problem of `o` (empty = valid). */
export function validateMockOptions(o: MockOptions): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) problems.push(unknownKey('', k, KEYS));
  if (o.host !== undefined && (typeof o.host !== 'string' || o.host === '')) problems.push('host: expected a host name or address');
  if (o.port !== undefined && !intIn(o.port, 0, 65535)) problems.push(`port: expected an integer 0..65535, got ${String(o.port)}`);
  if (o.seed !== undefined && (typeof o.seed !== 'string' || o.seed === '')) problems.push('seed: expected a non-empty string');
  if (o.shops !== undefined && !intIn(o.shops, 1, 50)) problems.push(`shops: expected an integer 1..50, got ${String(o.shops)}`);
  if (o.skus !== undefined && !intIn(o.skus, 1, 100_000)) problems.push(`skus: expected an integer 1..100000, got ${String(o.skus)}`);
  if (o.warehouses !== undefined && !intIn(o.warehouses, 1, REGIONS.length)) {
    problems.push(`warehouses: expected an integer 1..${REGIONS.length} (one per region), got ${String(o.warehouses)}`);
  }
  for (const k of ['appKey', 'appSecret', 'accessToken'] as const) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'string' || !CREDENTIAL.test(v))) problems.push(`${k}: expected 4-128 letters, digits, "_", "." or "-"`);
  }
  if (o.rateLimit !== undefined) problems.push(...validateRateLimitConfig(o.rateLimit).map((p) => `rateLimit.${p}`));
  if (o.faults !== undefined) {
    problems.push(...new FaultInjector(typeof o.seed === 'string' && o.seed !== '' ? o.seed : 'peakday').configure(o.faults).map((p) => `faults.${p}`));
  }
  if (o.webhook !== undefined) {
    if (typeof o.webhook !== 'object' || o.webhook === null) problems.push('webhook: expected an object');
    else {
      for (const k of Object.keys(o.webhook)) if (!WEBHOOK_KEYS.includes(k)) problems.push(unknownKey('webhook', k, WEBHOOK_KEYS));
      problems.push(...resolveWebhookSettings(o.webhook).problems.map((p) => `webhook.${p}`));
    }
  }
  if (o.tokenLifetimes !== undefined) {
    for (const [k, v] of Object.entries(o.tokenLifetimes)) {
      if (!(k in DEFAULT_LIFETIMES)) problems.push(unknownKey('tokenLifetimes', k, Object.keys(DEFAULT_LIFETIMES)));
      else if (!intIn(v, 1, 10 * 365 * 86_400)) problems.push(`tokenLifetimes.${k}: expected whole seconds >= 1`);
    }
  }
  if (o.maxBodyBytes !== undefined && !intIn(o.maxBodyBytes, 1024, 64 * 1024 * 1024)) problems.push('maxBodyBytes: expected an integer 1024..67108864');
  if (o.now !== undefined && typeof o.now !== 'function') problems.push('now: expected a function returning ms');
  return problems;
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
    shops: o.shops ?? 3,
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
