/**
 * The mock TikTok Shop platform over plain node:http.
 *
 * Pipeline of a TikTok API call (the platform's order of checks):
 *   route match (404 36009009 / 405 36009010) -> app_key, timestamp, sign -> access token ->
 *   shop_cipher -> rate limit (429 36009002) -> faults (delay, throttle, hang, error) ->
 *   content type -> handler -> envelope.
 * Token calls (/api/v2/token/*) check app_key + app_secret in their handler; /__mock/ calls
 * skip auth, limits and faults. Every answer is the envelope `{code, message, request_id, data}`.
 *
 * The hot path (a signed inventory update) is: one split of the URL, one Map lookup or a few
 * segment compares, one body read, one HMAC, a few Map lookups, JSON parse and write.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERRORS, TikTokError } from './errors.ts';
import { envelopeJson, nextRequestId, parseQuery, writeEnvelope, type Query } from './http-io.ts';
import { resolveOptions, type MockOptions } from './options.ts';
import { Platform, type Call, type RouteDef } from './platform.ts';
import type { Shop } from './state/catalog.ts';
import { resolveShop, verifySignature, verifyToken } from './protocol/auth.ts';
import { answerClientErrors } from '../../lib/http/client-errors.ts';
import { readBody } from '../../lib/http/read-body.ts';
import { Router, type Params } from '../../lib/http/router.ts';
import { UNMATCHED } from './stats.ts';
import { RetryAfterWatch } from './rate-limit/retry-after-watch.ts';
import { JsonStream, writeJsonStream } from './json-stream.ts';
import { expand } from './routes/route-table.ts';
import { authorizationRoutes, tokenRoutes } from './routes/authorization.ts';
import { eventRoutes } from './routes/events.ts';
import { fulfillmentRoutes } from './routes/fulfillment.ts';
import { inventoryRoutes } from './routes/inventory.ts';
import { logisticsRoutes } from './routes/logistics.ts';
import { orderRoutes } from './routes/orders.ts';
import { productRoutes } from './routes/products.ts';
import { productWriteRoutes } from './routes/product-writes.ts';
import { prerequisiteRoutes } from './routes/prerequisites.ts';
import { globalProductRoutes } from './routes/global-products.ts';
import { globalProductEditRoutes } from './routes/global-product-edits.ts';
import { listingRoutes } from './routes/listings.ts';
import { packageRoutes } from './routes/packages.ts';
import { packageArrangementRoutes } from './routes/package-arrangement.ts';
import { createPackageRoutes } from './routes/create-packages.ts';
import { supplyChainRoutes } from './routes/supply-chain.ts';
import { cancellationRoutes } from './routes/cancellations.ts';
import { returnRoutes } from './routes/returns.ts';
import { adminRoutes } from './control/admin.ts';
import { buyerRoutes } from './control/buyer.ts';
import { buyerAftersalesRoutes } from './control/buyer-aftersales.ts';
import { observeRoutes } from './control/observe.ts';
import { sellerRoutes, shopView } from './control/sellers.ts';

/** Every TikTok API endpoint the mock serves, at each version it serves (README's coverage table). */
export const API_TABLES = {
  authorization: authorizationRoutes,
  product: productRoutes,
  productWrites: productWriteRoutes,
  prerequisites: prerequisiteRoutes,
  globalProducts: globalProductRoutes,
  globalProductEdits: globalProductEditRoutes,
  listings: listingRoutes,
  inventory: inventoryRoutes,
  order: orderRoutes,
  fulfillment: fulfillmentRoutes,
  packages: packageRoutes,
  packageArrangement: packageArrangementRoutes,
  createPackages: createPackageRoutes,
  supplyChain: supplyChainRoutes,
  logistics: logisticsRoutes,
  event: eventRoutes,
  cancellations: cancellationRoutes,
  returns: returnRoutes,
} as const;

const UNVERSIONED = [tokenRoutes, buyerRoutes, buyerAftersalesRoutes, observeRoutes, adminRoutes, sellerRoutes];

export function buildRouter(): Router<RouteDef> {
  const r = new Router<RouteDef>();
  const tables = [...Object.values(API_TABLES).map(expand), ...UNVERSIONED];
  for (const t of tables) for (const [method, pattern, def] of t) r.add(method, pattern, def);
  return r;
}

class RequestCall implements Call {
  private ac: AbortController | undefined;
  constructor(
    readonly params: Params,
    readonly query: Query,
    readonly body: string,
    readonly shop: number,
    readonly seller: number,
    readonly platform: Platform,
    private readonly res: ServerResponse,
  ) {}

  get signal(): AbortSignal {
    if (!this.ac) {
      const ac = (this.ac = new AbortController());
      this.res.on('close', () => ac.abort());
    }
    return this.ac.signal;
  }
}

/** Fault delays and hangs do not keep the process alive on their own. */
const sleep = (ms: number): Promise<void> => wait(ms, undefined, { ref: false });

const tooLarge = (detail: string): TikTokError => new TikTokError('BODY_TOO_LARGE', detail);

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.toLowerCase().startsWith('application/json');
}

function hasPartialErrors(data: unknown): boolean {
  const e = (data as { errors?: unknown } | null)?.errors;
  return Array.isArray(e) && e.length > 0;
}

/** The Retry-After watch's key: one caller (app x shop) on one endpoint. */
const watchKey = (appKey: string, shopKey: string, statsKey: string): string => `${appKey} ${shopKey} ${statsKey}`;

/**
 * The rate limit: a throttled call is answered 429 with Retry-After (retry-after-watch.ts), and
 * every call is checked against the Retry-After of the caller's last 429 first. Every call, let
 * through or not, counts in its shop's calls per second (calls-per-second.ts); `nowMs` is the
 * platform clock's reading for the call.
 */
function throttleOrPass(platform: Platform, shopKey: string, statsKey: string, res: ServerResponse, nowMs: number): void {
  const appKey = platform.options.appKey;
  const mono = performance.now();
  platform.callsPerSecond.see(shopKey, statsKey, nowMs);
  // Every request passes here: the watch key is built only while some 429 window is open.
  if (platform.retryAfter.watching) platform.retryAfter.see(watchKey(appKey, shopKey, statsKey), statsKey, mono);
  if (platform.limiter.take(appKey, shopKey, statsKey)) return;
  const seconds = RetryAfterWatch.seconds(platform.limiter.waitMs(appKey, shopKey, statsKey));
  platform.retryAfter.throttle(watchKey(appKey, shopKey, statsKey), mono, seconds);
  res.setHeader('retry-after', String(seconds));
  throw new TikTokError('TOO_MANY_REQUESTS');
}

/** The request handler of a platform; exported for tests that mount it on their own server. */
export function createHandler(platform: Platform, router: Router<RouteDef> = buildRouter()) {
  const log = (msg: string) => process.stderr.write(`[mock] ${msg}\n`);

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = nextRequestId();
    const rawUrl = req.url ?? '/';
    const qi = rawUrl.indexOf('?');
    const path = qi === -1 ? rawUrl : rawUrl.slice(0, qi);
    const method = req.method ?? 'GET';
    const match = router.match(method, path);
    let statsKey = UNMATCHED;
    let kind: RouteDef['kind'] | undefined;
    let code = 0;
    let partial = false;
    let clientAborted = false;
    try {
      if (match.kind === 'not-found') throw new TikTokError('INVALID_PATH', `${method} ${path}`);
      if (match.kind === 'method-not-allowed') {
        res.setHeader('allow', match.allowed.join(', '));
        throw new TikTokError('INVALID_METHOD', `${method} ${path}; allowed: ${match.allowed.join(', ')}`);
      }
      const def = match.route.handler;
      kind = def.kind;
      statsKey = match.route.key;
      const query = parseQuery(qi === -1 ? '' : rawUrl.slice(qi + 1));
      const body = (await readBody(req, platform.options.maxBodyBytes, tooLarge)).toString('utf8');
      let shop = -1;
      let seller = -1;
      if (def.kind === 'api') {
        const contentType = req.headers['content-type'];
        const token = req.headers['x-tts-access-token'];
        const now = platform.now(); // one reading of the platform clock for the whole call
        verifySignature({ path, query, body, contentType, accessToken: undefined }, platform.options, now);
        seller = verifyToken(typeof token === 'string' ? token : undefined, platform.tokens);
        shop = resolveShop(path, query, platform.catalog, seller, platform.sellers);
        const shopKey = shop === -1 ? 'seller' : (platform.catalog.shops[shop] as { id: string }).id;
        throttleOrPass(platform, shopKey, statsKey, res, now);
        const f = platform.faults.forRequest(statsKey, now);
        if (f.delayMs > 0) await sleep(f.delayMs);
        if (f.hangMs !== undefined) {
          code = f.error?.code ?? ERRORS.TIMEOUT.code;
          await sleep(f.hangMs);
          if (res.destroyed) return; // the client gave up, as the fault intends
        }
        if (f.error) {
          code = f.error.code;
          if (f.error.plain) {
            res.writeHead(f.error.http, { 'content-type': 'text/plain' });
            res.end(f.error.message);
          } else {
            writeEnvelope(res, f.error.http, f.error.code, f.error.message, requestId, {});
          }
          return;
        }
        if (body.length > 0 && !isJson(contentType)) throw new TikTokError('INVALID_CONTENT_TYPE', `got ${contentType ?? 'none'}`);
      }
      const answer = def.handle(new RequestCall(match.params, query, body, shop, seller, platform, res));
      // Most handlers answer at once: awaiting only a promise spares the others a turn of the queue.
      const data = answer instanceof Promise ? await answer : answer;
      if (data instanceof JsonStream) await writeJsonStream(res, requestId, data);
      else {
        partial = hasPartialErrors(data);
        if (!res.destroyed) writeEnvelope(res, 200, 0, ERRORS.SUCCESS.message, requestId, data);
      }
    } catch (err) {
      // The client closed before sending the body it announced: its doing, not the platform's.
      // No answer can reach it, and no platform outcome is counted for it.
      if (req.readableAborted && !(err instanceof TikTokError)) {
        clientAborted = true;
        return;
      }
      let e: TikTokError;
      if (err instanceof TikTokError) e = err;
      else {
        log(`internal error on ${method} ${path}: ${(err as Error).stack ?? String(err)}`);
        e = new TikTokError('INTERNAL_ERROR');
      }
      code = e.code;
      if (!res.destroyed && !res.headersSent) writeEnvelope(res, e.status, e.code, e.message, requestId, {}, e.key === 'BODY_TOO_LARGE');
      else if (!res.writableEnded) res.destroy(); // failed mid-stream: a cut answer, never a hung one
    } finally {
      if (kind !== 'control' && !clientAborted) platform.stats.of(statsKey).record(code, performance.now() - started, partial);
    }
  };
}

export interface MockSeller {
  id: string;
  name: string;
  accessToken: string;
  refreshToken: string;
  shops: ReturnType<typeof shopView>[];
}

export interface RunningMock {
  url: string;
  host: string;
  port: number;
  appKey: string;
  appSecret: string;
  /** The access token issued at start (pinned or generated), valid for the configured lifetime. */
  accessToken: string;
  refreshToken: string;
  shops: { id: string; name: string; region: string; cipher: string }[];
  /** Every seller with its start-up tokens and its shops (the first is the one above). */
  sellers: MockSeller[];
  platform: Platform;
  server: Server;
  close(): Promise<void>;
}

/** Creates the platform and its server, listening; `close()` stops everything it started. */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const resolved = resolveOptions(options);
  const platform = new Platform(resolved);
  const server = createServer({ keepAliveTimeout: 65_000 }, createHandler(platform));
  answerClientErrors(server, (status, message) => {
    const e = new TikTokError(status === 431 ? 'HEADERS_TOO_LARGE' : 'INVALID_PARAM', message, status);
    return { contentType: 'application/json', body: envelopeJson(e.code, e.message, nextRequestId(), {}) };
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const hostForUrl = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${addr.port}`,
    host: addr.address,
    port: addr.port,
    appKey: resolved.appKey,
    appSecret: resolved.appSecret,
    accessToken: platform.tokens.initial[0]!.accessToken,
    refreshToken: platform.tokens.initial[0]!.refreshToken,
    shops: platform.catalog.shops.map((s) => ({ id: s.id, name: s.name, region: s.region, cipher: s.cipher })),
    sellers: platform.sellers.list.map((s) => ({
      id: s.openId,
      name: s.name,
      ...(platform.tokens.initial[s.index] as { accessToken: string; refreshToken: string }),
      shops: s.shops.map((i) => shopView(platform.catalog.shops[i] as Shop)),
    })),
    platform,
    server,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await platform.close(); // resolves long-polls, so their connections can end
        server.closeIdleConnections();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
