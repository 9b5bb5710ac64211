/**
 * A real node:http webhook receiver on 127.0.0.1 port 0 for the dispatcher's tests: records
 * every request (headers, raw body, arrival time) and answers as the test's `respond` says.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { tts_notification_id: string; shop_id: string; data: { order_id: string; order_status: string } } & Record<string, unknown>;
  at: number;
  path: string;
}

export interface Answer {
  status?: number;
  delayMs?: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  maxConcurrent: number;
  respond: (r: Received, index: number) => Answer;
  close(): Promise<void>;
}

export async function startReceiver(respond: (r: Received, index: number) => Answer = () => ({})): Promise<Receiver> {
  let concurrent = 0;
  const timers = new Set<NodeJS.Timeout>();
  const rec: Receiver = {
    url: '',
    received: [],
    maxConcurrent: 0,
    respond,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
  const server: Server = createServer((req, res) => {
    concurrent++;
    rec.maxConcurrent = Math.max(rec.maxConcurrent, concurrent);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const r: Received = { headers: req.headers, body, json: JSON.parse(body), at: performance.now(), path: req.url ?? '' };
      const index = rec.received.push(r) - 1;
      const a = rec.respond(r, index);
      const answer = () => {
        concurrent--;
        if (res.destroyed) return;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json' });
        res.end('{"code":0}');
      };
      if (a.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          answer();
        }, a.delayMs);
        timers.add(t);
      } else answer();
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  rec.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/tiktok`;
  return rec;
}

/** Polls `cond` every 10 ms until true, or fails after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
