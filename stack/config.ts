/**
 * The stack's configuration: one type, one table of options, resolved in one step from
 * defaults < config file (JSON, same names as the flags) < environment (secrets) < flags, then
 * validated once: every problem is reported, unknown flags and file keys are rejected, and
 * validation changes nothing. Secrets may come from PEAKDAY_APP_KEY, PEAKDAY_APP_SECRET,
 * PEAKDAY_ACCESS_TOKEN and PEAKDAY_REFRESH_TOKEN so they stay out of process listings; they are
 * never logged.
 */
import { DEFECTS, parseDefects } from './defects.ts';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type FlagSpecs } from '../lib/cli/args.ts';
import { COMMON_FLAGS } from '../lib/cli/command.ts';
import { assertTargetAllowed } from '../lib/safety/target-guard.ts';
import type { LogLevel } from './logger.ts';
import { FieldCheck } from '../lib/config/field-check.ts';

export interface StackConfig {
  host: string;
  port: number;
  tiktokUrl: string;
  db: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  /** Renews the access token ahead of its expiry (tiktok/access-grant.ts); absent: the token is used as given. */
  refreshToken: string | undefined;
  /** Further sellers' grants (tiktok/seller-grants.ts); the token pair above is the first seller's. */
  sellers: SellerGrantConfig[];
  /** The URL the platform should call for webhooks (default: this server's URL). */
  publicUrl: string | undefined;
  allowRemote: string[];
  json: boolean;
  logLevel: LogLevel;
  synchronous: 'normal' | 'full';
  rateLimitQps: number;
  rateLimitBurst: number;
  rateLimitPerEndpoint: Record<string, number>;
  requestTimeoutMs: number;
  connections: number;
  pushConcurrency: number;
  fetchConcurrency: number;
  shipConcurrency: number;
  pollIntervalMs: number;
  pollMaxPages: number;
  pollLookbackS: number;
  webhookMaxAgeS: number;
  webhookMaxFutureS: number;
  maxBodyBytes: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** Give up start-up mapping after this long (the CLI then exits 1). */
  startTimeoutMs: number;
  /** Deliberate defects (stack/defects.ts), comma-separated; empty in normal use. */
  defects: string;
  /** Below this many available units a SKU × warehouse is split between the shops (domain/shop-offer.ts); 0 = never. */
  splitBelow: number;
  /** Interval of the read-back of every shop's inventory (sync/inventory-audit.ts); 0 = off. */
  auditIntervalMs: number;
  /** While a shop is deauthorized, read the authorized shops this often to resume it (tiktok/authorization-watch.ts). */
  authorizationCheckMs: number;
}

/** One further seller's access grant, as the config file gives it. */
export interface SellerGrantConfig {
  access_token: string;
  refresh_token?: string;
}

type Kind = 'string' | 'number' | 'boolean' | 'list' | 'object' | 'grants';
interface Opt {
  key: keyof StackConfig;
  kind: Kind;
  help: string;
  min?: number;
  max?: number;
  env?: string;
  /** Only in the config file (objects). */
  fileOnly?: boolean;
}

/** Flag name (kebab-case; the config file uses the same names) -> option. */
export const OPTIONS: Readonly<Record<string, Opt>> = {
  host: { key: 'host', kind: 'string', help: 'address to bind (default 127.0.0.1)' },
  port: { key: 'port', kind: 'number', min: 0, max: 65535, help: 'port to bind, 0 = any free port (default 8080)' },
  'tiktok-url': { key: 'tiktokUrl', kind: 'string', help: 'TikTok Shop Open API base URL (the mock, or another)' },
  db: { key: 'db', kind: 'string', help: 'SQLite file (default <tmpdir>/peakday-stack.db)' },
  'app-key': { key: 'appKey', kind: 'string', env: 'PEAKDAY_APP_KEY', help: 'app key (or env PEAKDAY_APP_KEY)' },
  'app-secret': { key: 'appSecret', kind: 'string', env: 'PEAKDAY_APP_SECRET', help: 'app secret (or env PEAKDAY_APP_SECRET)' },
  'access-token': { key: 'accessToken', kind: 'string', env: 'PEAKDAY_ACCESS_TOKEN', help: 'access token (or env PEAKDAY_ACCESS_TOKEN)' },
  'refresh-token': { key: 'refreshToken', kind: 'string', env: 'PEAKDAY_REFRESH_TOKEN', help: 'refresh token, to renew the access token before it expires (or env PEAKDAY_REFRESH_TOKEN)' },
  sellers: { key: 'sellers', kind: 'grants', fileOnly: true, help: 'further sellers, one access grant each: [{"access_token", "refresh_token"}] (config file only; --access-token is the first seller)' },
  'public-url': { key: 'publicUrl', kind: 'string', help: 'URL the platform calls back (default: this server)' },
  'allow-remote': { key: 'allowRemote', kind: 'list', help: 'allow a non-loopback --tiktok-url host (repeatable)' },
  json: { key: 'json', kind: 'boolean', help: 'print one ready JSON line on stdout' },
  'log-level': { key: 'logLevel', kind: 'string', help: 'silent|error|warn|info (default info)' },
  synchronous: { key: 'synchronous', kind: 'string', help: 'SQLite durability: normal (survives kill -9) | full (also power loss)' },
  'rate-limit-qps': { key: 'rateLimitQps', kind: 'number', min: 0.1, max: 100_000, help: 'client-side QPS per shop x endpoint (default 45, under the reported 50)' },
  'rate-limit-burst': { key: 'rateLimitBurst', kind: 'number', min: 1, max: 100_000, help: 'token bucket burst (default 20)' },
  'rate-limit-per-endpoint': { key: 'rateLimitPerEndpoint', kind: 'object', fileOnly: true, help: 'QPS overrides by endpoint key (config file only)' },
  'request-timeout-ms': { key: 'requestTimeoutMs', kind: 'number', min: 50, max: 120_000, help: 'timeout of one TikTok request (default 5000)' },
  connections: { key: 'connections', kind: 'number', min: 1, max: 1024, help: 'keep-alive connections to the platform per kind of call: inventory, orders, fulfillment, other (default 32)' },
  'push-concurrency': { key: 'pushConcurrency', kind: 'number', min: 1, max: 1024, help: 'inventory pushes in flight (default 48)' },
  'fetch-concurrency': { key: 'fetchConcurrency', kind: 'number', min: 1, max: 256, help: 'order detail calls in flight (default 8)' },
  'ship-concurrency': { key: 'shipConcurrency', kind: 'number', min: 1, max: 256, help: 'mark-shipped calls in flight (default 16)' },
  'poll-interval-ms': { key: 'pollIntervalMs', kind: 'number', min: 100, max: 3_600_000, help: 'order poll interval: orders updated since the last poll, webhook or not (default 250; buyers\' requests are listed at most once a second)' },
  'poll-max-pages': { key: 'pollMaxPages', kind: 'number', min: 1, max: 1000, help: 'pages per shop per poll round (default 10)' },
  'poll-lookback-s': { key: 'pollLookbackS', kind: 'number', min: 0, max: 30 * 86400, help: 'first poll looks this far back (default 3600)' },
  'webhook-max-age-s': { key: 'webhookMaxAgeS', kind: 'number', min: 1, max: 7 * 86400, help: 'oldest accepted webhook timestamp (default 86400: covers retries)' },
  'webhook-max-future-s': { key: 'webhookMaxFutureS', kind: 'number', min: 0, max: 3600, help: 'clock skew allowed for webhook timestamps (default 300)' },
  'max-body-bytes': { key: 'maxBodyBytes', kind: 'number', min: 1024, max: 64 * 1024 * 1024, help: 'largest request body (default 1 MiB)' },
  'retry-base-ms': { key: 'retryBaseMs', kind: 'number', min: 1, max: 60_000, help: 'backoff base for platform retries (default 100)' },
  'start-timeout-ms': { key: 'startTimeoutMs', kind: 'number', min: 1000, max: 3_600_000, help: 'give up mapping the platform at start after this long (default 300000)' },
  'retry-cap-ms': { key: 'retryCapMs', kind: 'number', min: 1, max: 3_600_000, help: 'backoff cap for platform retries (default 10000)' },
  'audit-interval-ms': { key: 'auditIntervalMs', kind: 'number', min: 0, max: 3_600_000, help: 'read back every shop\'s inventory this often and re-push stale quantities (default 15000; 0 = off)' },
  'authorization-check-ms': { key: 'authorizationCheckMs', kind: 'number', min: 100, max: 3_600_000, help: 'while a shop is deauthorized, look this often whether it is authorized again (default 30000)' },
  'split-below': { key: 'splitBelow', kind: 'number', min: 0, max: 99_999, help: 'split a SKU × warehouse between the shops below this many available units, so shops cannot oversell together (default 100; 0 = never)' },
  defects: { key: 'defects', kind: 'string', env: 'PEAKDAY_STACK_DEFECTS', help: 'misbehave on purpose, to test the suite: ' + DEFECTS.join(',') + ' (or env PEAKDAY_STACK_DEFECTS)' },
};

export const DEFAULTS: Omit<StackConfig, 'tiktokUrl' | 'appKey' | 'appSecret' | 'accessToken'> = {
  host: '127.0.0.1',
  port: 8080,
  db: join(tmpdir(), 'peakday-stack.db'),
  refreshToken: undefined,
  sellers: [],
  publicUrl: undefined,
  allowRemote: [],
  json: false,
  logLevel: 'info',
  synchronous: 'normal',
  rateLimitQps: 45,
  rateLimitBurst: 20,
  rateLimitPerEndpoint: {},
  requestTimeoutMs: 5000,
  connections: 32,
  pushConcurrency: 48,
  fetchConcurrency: 8,
  shipConcurrency: 16,
  pollIntervalMs: 250,
  pollMaxPages: 10,
  pollLookbackS: 3600,
  webhookMaxAgeS: 86_400,
  webhookMaxFutureS: 300,
  maxBodyBytes: 1024 * 1024,
  retryBaseMs: 100,
  retryCapMs: 10_000,
  startTimeoutMs: 300_000,
  defects: '',
  splitBelow: 100,
  auditIntervalMs: 15_000,
  authorizationCheckMs: 30_000,
};

const INTEGER_KEYS = new Set<keyof StackConfig>(['authorizationCheckMs', 'auditIntervalMs', 'splitBelow', 'port', 'requestTimeoutMs', 'connections', 'pushConcurrency', 'fetchConcurrency', 'shipConcurrency', 'pollIntervalMs', 'pollMaxPages', 'pollLookbackS', 'webhookMaxAgeS', 'webhookMaxFutureS', 'maxBodyBytes', 'retryBaseMs', 'retryCapMs', 'startTimeoutMs']);

export const FLAG_SPECS: FlagSpecs = {
  ...Object.fromEntries(
    Object.entries(OPTIONS)
      .filter(([, o]) => !o.fileOnly)
      .map(([name, o]) => [name, { kind: o.kind as 'string' | 'number' | 'boolean' | 'list', help: o.help, min: o.min, max: o.max, integer: INTEGER_KEYS.has(o.key) }]),
  ),
  config: { kind: 'string', help: 'JSON config file (same names as the flags)' },
  ...COMMON_FLAGS,
};

export interface Resolved {
  config: StackConfig | undefined;
  errors: string[];
  help: boolean;
  /** --quiet: no status lines on stderr. */
  quiet: boolean;
}

/** Resolves and validates; `config` is set only when there is no error. */
export function resolveConfig(argv: readonly string[], env: NodeJS.ProcessEnv, readFile: (p: string) => string = (p) => readFileSync(p, 'utf8')): Resolved {
  const parsed = parseArgs(argv, FLAG_SPECS);
  const errors = [...parsed.errors];
  if (parsed.positionals.length > 0) errors.push(`unexpected argument(s): ${parsed.positionals.join(' ')}`);
  if (parsed.flags.help === true) return { config: undefined, errors: [], help: true, quiet: false };
  const merged: Record<string, unknown> = { ...DEFAULTS };

  const file = parsed.flags.config as string | undefined;
  if (file !== undefined) {
    let obj: unknown;
    try {
      obj = JSON.parse(readFile(file));
    } catch (e) {
      errors.push(`config file ${file}: ${(e as Error).message}`);
    }
    if (obj !== undefined) errors.push(...readFileValues(obj, merged).map((p) => `config file ${file}: ${p}`));
  }
  for (const opt of Object.values(OPTIONS)) if (opt.env && env[opt.env] !== undefined && env[opt.env] !== '') merged[opt.key] = env[opt.env];
  for (const [name, v] of Object.entries(parsed.flags)) {
    const opt = OPTIONS[name];
    if (opt) merged[opt.key] = v;
  }

  const c = merged as unknown as StackConfig;
  for (const [name, opt] of Object.entries(OPTIONS))
    if (['tiktokUrl', 'appKey', 'appSecret', 'accessToken'].includes(opt.key) && (typeof merged[opt.key] !== 'string' || merged[opt.key] === ''))
      errors.push(`--${name} is required${opt.env ? ` (or env ${opt.env})` : ''}`);
  if (typeof c.tiktokUrl === 'string' && c.tiktokUrl !== '') {
    try {
      const u = new URL(c.tiktokUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') errors.push(`--tiktok-url must be http(s), got "${c.tiktokUrl}"`);
      else assertTargetAllowed(c.tiktokUrl, c.allowRemote);
    } catch (e) {
      errors.push(`--tiktok-url: ${(e as Error).message.includes('Invalid URL') ? `not a valid URL: "${c.tiktokUrl}"` : (e as Error).message}`);
    }
  }
  if (c.publicUrl !== undefined && !/^https?:\/\/[^/]+/.test(c.publicUrl)) errors.push(`--public-url must be an http(s) URL, got "${c.publicUrl}"`);
  if (!['silent', 'error', 'warn', 'info'].includes(c.logLevel)) errors.push(`--log-level must be silent|error|warn|info, got "${c.logLevel}"`);
  if (!['normal', 'full'].includes(c.synchronous)) errors.push(`--synchronous must be normal|full, got "${c.synchronous}"`);
  errors.push(...parseDefects(c.defects).problems);
  if (c.retryCapMs < c.retryBaseMs) errors.push(`--retry-cap-ms (${c.retryCapMs}) must be >= --retry-base-ms (${c.retryBaseMs})`);
  return { config: errors.length === 0 ? c : undefined, errors, help: false, quiet: parsed.flags.quiet === true };
}

/** The file's values into `merged` (by option key); every problem in lib's FieldCheck format, at the key's path. */
function readFileValues(obj: unknown, merged: Record<string, unknown>): string[] {
  const c = new FieldCheck();
  const o = c.obj(obj, 'config');
  c.onlyKeys(o, Object.keys(OPTIONS), '');
  for (const [name, v] of Object.entries(o)) {
    const opt = OPTIONS[name];
    if (!opt) continue;
    const before = c.problems.length;
    checkValue(c, opt, v, name);
    if (c.problems.length === before) merged[opt.key] = v;
  }
  return c.problems;
}

function checkValue(c: FieldCheck, opt: Opt, v: unknown, path: string): void {
  switch (opt.kind) {
    case 'string':
      c.str(v, path);
      return;
    case 'boolean':
      c.optBool(v, path);
      return;
    case 'list':
      c.arr(v, path, 0, Infinity).forEach((x, i) => typeof x === 'string' || c.expected(`${path}[${i}]`, 'a string', x));
      return;
    case 'number':
      if (INTEGER_KEYS.has(opt.key)) c.int(v, path, opt.min ?? -Infinity, opt.max ?? Infinity);
      else c.num(v, path, opt.min ?? -Infinity, opt.max ?? Infinity);
      return;
    case 'object':
      for (const [k, q] of Object.entries(c.obj(v, path))) if (!(typeof q === 'number' && Number.isFinite(q) && q > 0)) c.expected(`${path}.${k}`, 'a QPS > 0', q);
      return;
    case 'grants':
      c.arr(v, path, 0, 100).forEach((g, i) => {
        const o = c.obj(g, `${path}[${i}]`);
        c.onlyKeys(o, ['access_token', 'refresh_token'], `${path}[${i}]`);
        if (typeof o.access_token !== 'string' || o.access_token === '') c.add(`${path}[${i}].access_token`, 'expected a non-empty string');
        if (o.refresh_token !== undefined && (typeof o.refresh_token !== 'string' || o.refresh_token === '')) c.add(`${path}[${i}].refresh_token`, 'expected a non-empty string');
      });
      return;
  }
}
