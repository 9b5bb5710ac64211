/**
 * The ERP API's HTTP server (node:http: lean, and every route is ours). Turns StackError into
 * `{"error":{code,message}}` with its status, anything else into a 500 without internals, and
 * times every request by route pattern.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { StackError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { parseJson, readBody } from './body.ts';
import type { Answer, Ctx, Handler, Services } from './context.ts';
import { answerClientErrors } from '../../lib/http/client-errors.ts';
import { Router } from '../../lib/http/router.ts';
import { opsRoutes } from './ops-routes.ts';
import { webhookRoutes } from './webhook-routes.ts';
import { orderRoutes } from './order-routes.ts';
import { stockRoutes } from './stock-routes.ts';

/** Every route of the ERP API on `router` (a fresh one by default; tests pass a recording one). */
export function buildRouter(s: Services, router = new Router<Handler>({ decodeParam })): Router<Handler> {
  stockRoutes(router, s);
  orderRoutes(router, s);
  opsRoutes(router, s);
  webhookRoutes(router, s);
  return router;
}

export function createErpServer(s: Services, log: Logger, maxBodyBytes: number): Server {
  const router = buildRouter(s);
  const server = createServer((req, res) => {
    void handle(server, router, s, log, maxBodyBytes, req, res);
  });
  server.keepAliveTimeout = 65_000;
  answerClientErrors(server, (status, message) => ({
    contentType: 'application/json',
    body: JSON.stringify(new StackError(status === 431 ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST', message).toBody()),
  }));
  return server;
}

/** A path param, percent-decoded; a malformed escape is the client's 400, not a lookup of garbage. */
function decodeParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new StackError('INVALID_PARAM', `path segment "${segment}" is not valid percent-encoding`);
  }
}

async function handle(server: Server, router: Router<Handler>, s: Services, log: Logger, maxBodyBytes: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  let route = 'unmatched';
  let answer: Answer;
  try {
    const m = router.match(method, path);
    if (m.kind === 'not-found') throw new StackError('ROUTE_NOT_FOUND', `${method} ${path}`);
    if (m.kind === 'method-not-allowed') {
      res.setHeader('allow', m.allowed.join(', '));
      throw new StackError('METHOD_NOT_ALLOWED', `${method} ${path}; allowed: ${m.allowed.join(', ')}`);
    }
    route = m.route.pattern;
    let raw: Promise<Buffer> | undefined;
    const readRaw = () => (raw ??= readBody(req, maxBodyBytes));
    const ctx: Ctx = {
      method,
      path,
      params: m.params,
      query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
      headers: req.headers,
      raw: readRaw,
      json: async () => {
        const type = req.headers['content-type'];
        if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) throw new StackError('UNSUPPORTED_MEDIA_TYPE', `got "${type}"`);
        return parseJson(await readRaw());
      },
    };
    answer = await m.route.handler(ctx);
  } catch (e) {
    if (e instanceof StackError) answer = { status: e.status, body: e.toBody() };
    else {
      log.error(`${method} ${path}: ${(e as Error).stack ?? e}`);
      answer = { status: 500, body: new StackError('INTERNAL').toBody() };
    }
  }
  if (!req.complete) req.resume(); // drain an unread body so the connection can be reused
  const payload = answer.text ?? JSON.stringify(answer.body ?? {});
  const headers: Record<string, string | number> = {
    'content-type': answer.contentType ?? 'application/json',
    'content-length': Buffer.byteLength(payload),
  };
  if (!server.listening) headers.connection = 'close'; // stopping: the peer should not reuse this connection
  res.writeHead(answer.status, headers);
  res.end(payload);
  s.metrics.httpDuration.observe({ method, route, status: String(answer.status) }, (performance.now() - started) / 1000);
}
