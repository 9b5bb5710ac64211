/**
 * `--out openmetrics=PORT`: a scrape endpoint on 127.0.0.1 for the run's duration.
 *   GET /metrics   the families now, as OpenMetrics text (Prometheus negotiates it; plain
 *                  `curl` gets it too)
 * Anything else: 404; a method other than GET or HEAD: 405.
 */
import { createServer } from 'node:http';
import { listenOnLoopback } from '../../../lib/http/listen-loopback.ts';
import type { Family } from './metric-family.ts';
import { OPENMETRICS_CONTENT_TYPE, openMetricsText } from './openmetrics-text.ts';

export interface ScrapeEndpoint {
  url: string;
  close(): Promise<void>;
}

export async function startScrapeEndpoint(port: number, families: () => Family[]): Promise<ScrapeEndpoint> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/metrics') {
      res.writeHead(200, { 'content-type': OPENMETRICS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(openMetricsText(families()));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the metrics are at /metrics\n');
    }
  });
  const bound = await listenOnLoopback(server, port, 'the openmetrics endpoint');
  return {
    url: `http://127.0.0.1:${bound}/metrics`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
