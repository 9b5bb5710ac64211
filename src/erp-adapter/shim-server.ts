/**
 * The ERP shim: an HTTP server speaking peakday's ERP contract (stack/openapi.yaml) in front of
 * an adapter, so the scenarios, the harness and real k6 run unchanged against any ERP.
 *
 * Measured apart: the time inside the adapter per operation (the ERP's latency as the shim sees
 * it) and the shim's own overhead per request (request read to answer written, less the time
 * inside the adapter), both in HDR histograms, served at `GET /__shim/stats` with the change
 * log's provenance. The network hop to the shim is in neither: the client measures it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { LatencyHistogram } from '../../lib/hdr/latency-histogram.ts';
import { listenOnLoopback } from '../../lib/http/listen-loopback.ts';
import { readBody } from '../../lib/http/read-body.ts';
import { Router } from '../../lib/http/router.ts';
import { ErpAdapterError, isRefusal, ShimError } from './adapter-errors.ts';
import { DerivedChangeLog, type ChangeLogStats } from './derived-change-log.ts';
import type { ErpAdapter } from './erp-adapter.ts';
import { erpTimeOfRequest, GuardedAdapter } from './guarded-adapter.ts';
import { IdempotencyStore, type StoredAnswer } from './idempotency-store.ts';
import { ROUTES, type Handler, type RouteContext } from './shim-routes.ts';

const MAX_BODY = 1024 * 1024;

export interface ShimOptions {
  adapter: ErpAdapter;
  port?: number;
  /** Bound on every adapter call (ms). */
  opTimeoutMs: number;
  /** Poll interval of the derived change log (ms), used when the adapter has no stockChanges. */
  pollMs: number;
}

/** What `GET /__shim/stats` answers: encoded HDR histograms (ms) and counts. */
export interface ShimStats {
  adapter: string;
  requests: number;
  /** Per request: time in the shim less time inside the adapter. */
  overhead: string;
  /** Per adapter operation: time inside the adapter. */
  erp_latency: Record<string, string>;
  idempotent_replays: number;
  change_log: ChangeLogStats | { source: 'erp' };
}

export interface RunningShim {
  url: string;
  stats(): ShimStats;
  close(): Promise<void>;
}

export async function startShim(opts: ShimOptions): Promise<RunningShim> {
  const erp = new GuardedAdapter(opts.adapter, opts.opTimeoutMs);
  const derived = erp.has('stockChanges') ? undefined : new DerivedChangeLog(opts.pollMs, (sku) => erp.call('readStock', [sku]));
  const ctx: RouteContext = { erp, derived };
  const idem = new IdempotencyStore();
  const overhead = new LatencyHistogram();
  let requests = 0;

  const stats = (): ShimStats => ({
    adapter: opts.adapter.name,
    requests,
    overhead: overhead.encode(),
    erp_latency: Object.fromEntries([...erp.erpLatency].map(([op, h]) => [op, h.encode()])),
    idempotent_replays: idem.replays,
    change_log: derived ? { ...derived.stats } : { source: 'erp' },
  });

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    const inErp = { ms: 0 };
    requests++;
    erpTimeOfRequest
      .run(inErp, () => handle(req, ctx, idem, stats))
      .then(
        (a) => send(res, a),
        (e) => send(res, errorAnswer(e)),
      )
      .finally(() => overhead.record(Math.max(0, performance.now() - started - inErp.ms)));
  });
  server.keepAliveTimeout = 10_000;
  const port = await listenOnLoopback(server, opts.port ?? 0, 'the ERP shim');
  derived?.start();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: async () => {
      await derived?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await opts.adapter.close?.();
    },
  };
}

const router = new Router<{ handler: Handler; write: boolean }>({
  decodeParam: (segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw new ShimError('INVALID_PARAM', `malformed percent-encoding in "${segment.slice(0, 60)}"`);
    }
  },
});
for (const [method, pattern, handler, write] of ROUTES) router.add(method, pattern, { handler, write });

async function handle(req: IncomingMessage, ctx: RouteContext, idem: IdempotencyStore, stats: () => ShimStats): Promise<StoredAnswer> {
  const url = new URL(req.url ?? '/', 'http://shim');
  const method = req.method ?? 'GET';
  if (url.pathname === '/__shim/stats' && method === 'GET') return { status: 200, body: stats() };
  const m = router.match(method, url.pathname);
  if (m.kind === 'not-found') throw new ShimError('ROUTE_NOT_FOUND', `no route ${method} ${url.pathname.slice(0, 100)} (the ERP shim serves the adapter's operations only)`);
  if (m.kind === 'method-not-allowed') throw new ShimError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname.slice(0, 100)} (allowed: ${m.allowed.join(', ')})`);
  const raw = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, MAX_BODY, (d) => new ShimError('BODY_TOO_LARGE', `the body is too large: ${d}`));
  let body: unknown;
  if (raw.length > 0) {
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw new ShimError('MALFORMED_JSON', (e as Error).message);
    }
  }
  const key = header(req, 'idempotency-key');
  const { handler, write } = m.route.handler;
  const run = () => handler(ctx, { params: m.params, query: url.searchParams, body, idempotencyKey: key });
  return write ? idem.run(key, `${method} ${url.pathname} ${raw.toString('utf8')}`, run) : run();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function errorAnswer(e: unknown): StoredAnswer {
  if (e instanceof ShimError) return { status: e.status, body: { error: { code: e.code, message: e.message, ...(e.operation ? { operation: e.operation } : {}) } } };
  if (isRefusal(e)) return { status: (e as ErpAdapterError).status, body: { error: { code: e.code, message: e.message } } };
  return { status: 500, body: { error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } } };
}

function send(res: ServerResponse, a: StoredAnswer): void {
  const text = JSON.stringify(a.body);
  res.writeHead(a.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
