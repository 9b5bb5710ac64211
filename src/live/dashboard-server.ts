/**
 * `peakday run … --dashboard [PORT]`: the live page of a run, on loopback only.
 *
 *   GET /              the page (the report so far; the final report once the run ended)
 *   GET /dashboard.js  the page's script
 *   GET /events        Server-Sent Events: `update` each second with the report so far,
 *                      `final` once with the final report
 * Anything else: 404; a method other than GET or HEAD: 405.
 *
 * A frame is rendered once however many browsers watch, and only when one does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../lib/http/listen-loopback.ts';
import type { LiveFeed, LiveFrame } from './live-feed.ts';
import { DASHBOARD_SCRIPT, dashboardPage, framePayload, SCRIPT_PATH } from './dashboard-page.ts';
import { SseClients, sseEvent } from './sse-stream.ts';

export interface Dashboard {
  url: string;
  /** Browsers connected to the event stream now. */
  readonly watchers: number;
  close(): Promise<void>;
}

function eventOf(frame: LiveFrame): string {
  const p = framePayload(frame);
  return sseEvent(p.final ? 'final' : 'update', JSON.stringify(p));
}

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };

export async function startDashboard(feed: LiveFeed, opts: { port: number }): Promise<Dashboard> {
  const clients = new SseClients();
  const onFrame = (frame: LiveFrame) => {
    if (clients.size === 0) return;
    clients.send(eventOf(frame));
    if (frame.progress === undefined) clients.closeAll();
  };
  feed.on('frame', onFrame);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', ...SECURITY_HEADERS }).end();
      return;
    }
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS }).end(dashboardPage(feed.latest));
    } else if (path === SCRIPT_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', ...SECURITY_HEADERS }).end(DASHBOARD_SCRIPT);
    } else if (path === '/events') {
      const latest = feed.latest;
      clients.add(res, latest ? eventOf(latest) : undefined);
      if (latest?.progress === undefined && latest !== undefined) res.end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('not found\n');
    }
  };
  const server = createServer(handle);
  const port = await listenOnLoopback(server, opts.port, 'the live dashboard');
  return {
    url: `http://127.0.0.1:${port}/`,
    get watchers() {
      return clients.size;
    },
    close: async () => {
      feed.off('frame', onFrame);
      clients.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
