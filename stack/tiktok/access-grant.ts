/**
 * The connector's access token: where every call gets it, and how it stays valid.
 *
 * TikTok's access tokens expire (7 days by default); a refresh token buys a new one
 * (`GET /api/v2/token/refresh`, which answers the new token and the instant it expires,
 * `access_token_expire_in`, in Unix seconds). A connector that waits for the platform to say
 * "expired" (105002) fails every call in flight at that moment, at whatever hour it comes, so
 * this one renews ahead: at a quarter of the token's lifetime before it expires (at most
 * 30 minutes before), which leaves room to retry the refresh itself if the auth host is down
 * for a while. The old token stays valid until its own expiry, so calls already sent with it
 * are not disturbed.
 *
 * Every new grant is written to the database before it is used, so a restart carries on with
 * it rather than with the token it was first configured with (which may have expired since).
 * The configured pair is where the chain starts: if the operator configures another pair (a
 * new authorization), that one wins and the stored grant is replaced.
 *
 * Without a refresh token the configured access token is used as given and never renewed.
 * A call the platform still refuses as expired (clock skew, a token revoked early) asks for a
 * renewal through `renewAfterExpired`: concurrent callers share one refresh.
 */
import { createHash } from 'node:crypto';
import { request } from 'undici';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { backoffMs } from './backoff.ts';
import { BusinessError } from './order-api.ts';

export interface GrantSettings {
  /** Origin of the token endpoints (TikTok: the auth host; the mock serves them itself). */
  authUrl: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  refreshToken: string | undefined;
  timeoutMs: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** Which seller's grant (seller-grants.ts): 0, the first, is stored under the app key alone. */
  slot?: number;
}

/** The grant in use: tokens, the instants (epoch ms) they expire (0 = not known) and when it was obtained. */
interface Grant {
  accessToken: string;
  accessExpiresAt: number;
  refreshToken: string | undefined;
  refreshExpiresAt: number;
  obtainedAt: number;
}

/** Renew this long before expiry: a quarter of the lifetime, at most 30 minutes. */
export function renewLeadMs(lifetimeMs: number): number {
  return Math.min(lifetimeMs / 4, 30 * 60_000);
}

const REFRESH = 'GET /api/v2/token/refresh';

/** setTimeout's longest delay (about 24.8 days); a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type RenewReason = 'ahead' | 'expired' | 'start';

export class AccessGrant {
  private grant!: Grant;
  /** When the next renewal is due (epoch ms); 0 = never (no refresh token or expiry unknown). */
  private renewAt = 0;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly origin: string;
  /** Its row in access_grant: one per app and seller. */
  private readonly key: string;
  onRenewed?: (reason: RenewReason, outcome: 'ok' | 'failed') => void;

  constructor(
    private readonly db: Db,
    private readonly s: GrantSettings,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.origin = createHash('sha256').update(`${s.accessToken}\n${s.refreshToken ?? ''}`).digest('hex');
    this.key = s.slot ? `${s.appKey}#${s.slot}` : s.appKey;
    const stored = db.prepare('SELECT * FROM access_grant WHERE app_key = ? AND origin = ?').get(this.key, this.origin) as GrantRow | undefined;
    this.use(
      stored
        ? { accessToken: stored.access_token, accessExpiresAt: stored.access_expires_at, refreshToken: stored.refresh_token ?? undefined, refreshExpiresAt: stored.refresh_expires_at, obtainedAt: stored.renewed_at }
        : { accessToken: s.accessToken, accessExpiresAt: 0, refreshToken: s.refreshToken, refreshExpiresAt: 0, obtainedAt: now() },
    );
  }

  private use(g: Grant): void {
    this.grant = g;
    this.renewAt = g.refreshToken === undefined || g.accessExpiresAt === 0 ? 0 : g.accessExpiresAt - renewLeadMs(g.accessExpiresAt - g.obtainedAt);
  }

  /** The access token for the next request. */
  get accessToken(): string {
    return this.grant.accessToken;
  }

  /** Whether the token can be renewed at all (a refresh token was configured). */
  get renewable(): boolean {
    return this.grant.refreshToken !== undefined;
  }

  /**
   * Makes sure the grant's expiry is known and not close, then keeps it renewed ahead of time.
   * A grant of unknown expiry (first start with these credentials) is refreshed once here.
   * @throws when that refresh fails (start-up retries it).
   */
  async start(): Promise<void> {
    if (!this.renewable) {
      this.log.warn('no refresh token configured: the access token is used as given and never renewed');
      return;
    }
    if (this.renewAt === 0 || this.now() >= this.renewAt) await this.refreshOnce('start');
    this.schedule();
  }

  /**
   * The platform answered 105002 to a call sent with `usedToken`: renew, unless another call
   * already did (the token in use is no longer that one). Resolves once there is a token to
   * retry with; a failed renewal resolves too (the retry then fails as the platform says).
   */
  async renewAfterExpired(usedToken: string): Promise<void> {
    if (!this.renewable || this.grant.accessToken !== usedToken) return;
    await (this.inFlight ??= this.refreshOnce('expired').finally(() => (this.inFlight = undefined))).catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /**
   * Arms the timer for the next renewal. A failed renewal is retried with backoff until one
   * works or the stack stops; a wait longer than a timer can take is taken in steps.
   */
  private schedule(attempt = 0): void {
    if (this.stopped || this.renewAt === 0) return;
    const wait = attempt === 0 ? this.renewAt - this.now() : backoffMs(attempt - 1, this.s.retryBaseMs, this.s.retryCapMs);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (attempt === 0 && this.now() < this.renewAt) return this.schedule();
      const renewal = (this.inFlight ??= this.refreshOnce('ahead').finally(() => (this.inFlight = undefined)));
      renewal.then(
        () => this.schedule(),
        () => this.schedule(attempt + 1),
      );
    }, Math.min(Math.max(0, wait), MAX_TIMER_MS));
    this.timer.unref();
  }

  /** One refresh call; the new grant is stored before it is used. */
  private async refreshOnce(reason: RenewReason): Promise<void> {
    try {
      const g = await this.fetchRefresh();
      if (this.stopped) return; // the database may be closed: the stored grant stays valid for the next start
      this.store(g);
      this.use(g);
      this.log.info(`access token renewed (${reason}); it expires at ${new Date(g.accessExpiresAt).toISOString()}`);
      this.onRenewed?.(reason, 'ok');
    } catch (e) {
      this.log.warn(`access token renewal (${reason}) failed: ${(e as Error).message}`);
      this.onRenewed?.(reason, 'failed');
      throw e;
    }
  }

  /** `GET /api/v2/token/refresh`; the error names the status or the platform's code, never the query (it holds the secret). */
  private async fetchRefresh(): Promise<Grant> {
    const qs = new URLSearchParams({ app_key: this.s.appKey, app_secret: this.s.appSecret, refresh_token: this.grant.refreshToken ?? '', grant_type: 'refresh_token' });
    const u = new URL(this.s.authUrl);
    const path = `${u.pathname.replace(/\/+$/, '')}/api/v2/token/refresh`;
    const res = await request(`${u.origin}${path}?${qs.toString()}`, { method: 'GET', signal: AbortSignal.timeout(this.s.timeoutMs) }).catch((e: Error) => {
      throw new Error(`${REFRESH}: ${(e as { code?: string }).code ?? e.name}`);
    });
    const text = await res.body.text();
    let env: { code?: number; message?: string; data?: Partial<RefreshData> } | undefined;
    try {
      env = JSON.parse(text) as typeof env;
    } catch {
      env = undefined;
    }
    if (typeof env?.code === 'number' && env.code !== 0) throw new BusinessError(REFRESH, env.code, env.message ?? '');
    if (env?.code !== 0) throw new Error(`${REFRESH}: HTTP ${res.statusCode}, not a TikTok envelope`);
    const d = env.data ?? {};
    if (typeof d.access_token !== 'string' || typeof d.access_token_expire_in !== 'number' || typeof d.refresh_token !== 'string')
      throw new Error(`${REFRESH}: the answer lacks access_token, access_token_expire_in or refresh_token`);
    return { accessToken: d.access_token, accessExpiresAt: d.access_token_expire_in * 1000, refreshToken: d.refresh_token, refreshExpiresAt: (d.refresh_token_expire_in ?? 0) * 1000, obtainedAt: this.now() };
  }

  private store(g: Grant): void {
    this.db
      .prepare(
        `INSERT INTO access_grant (app_key, origin, access_token, access_expires_at, refresh_token, refresh_expires_at, renewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(app_key) DO UPDATE SET origin = excluded.origin, access_token = excluded.access_token, access_expires_at = excluded.access_expires_at,
           refresh_token = excluded.refresh_token, refresh_expires_at = excluded.refresh_expires_at, renewed_at = excluded.renewed_at`,
      )
      .run(this.key, this.origin, g.accessToken, g.accessExpiresAt, g.refreshToken ?? null, g.refreshExpiresAt, g.obtainedAt);
  }
}

interface RefreshData {
  access_token: string;
  access_token_expire_in: number;
  refresh_token: string;
  refresh_token_expire_in: number;
}

interface GrantRow {
  access_token: string;
  access_expires_at: number;
  refresh_token: string | null;
  refresh_expires_at: number;
  renewed_at: number;
}
