/**
 * The HTTP client's per-origin pool against a real node:http server on port 0: a burst opens
 * its connections two at a time and every request is answered; a request undici refuses at
 * once leaves the pool usable; a request timing out while it waits for a connection ends with
 * error 1050 and the rest go on; closing fails what is still in flight or queued.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConnector } from 'undici';
import { startTarget, type Target } from '../../test/helpers.ts';
import { HttpClient, type OutgoingRequest } from '../http-client.ts';
import { OriginPool } from '../origin-pool.ts';
import { Interruption } from '../../vu.ts';

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target.close();
});

function request(path: string, extra: Partial<OutgoingRequest> = {}): OutgoingRequest {
  const u = new URL(path, target.url);
  return { method: 'GET', origin: u.origin, path: u.pathname, headers: {}, body: null, timeoutMs: 10_000, interruption: new Interruption(), discardBody: false, ...extra };
}

/** A connector that holds every connect 20 ms and records how many were under way at once. */
function slowConnector() {
  const base = buildConnector({});
  const seen = { connects: 0, atOnce: 0, mostAtOnce: 0 };
  const connect: buildConnector.connector = (options, cb) => {
    seen.connects++;
    seen.mostAtOnce = Math.max(seen.mostAtOnce, ++seen.atOnce);
    setTimeout(() => {
      base(options, (err, socket) => {
        seen.atOnce--;
        (cb as (e: Error | null, s: unknown) => void)(err, socket);
      });
    }, 20);
  };
  return { connect, seen };
}

describe('OriginPool', () => {
  it('a burst of 40 requests: at most 2 connects at once, every request answered on the connections opened', async () => {
    const { connect, seen } = slowConnector();
    const pool = new OriginPool(target.url, { maxConnections: 100, keepAliveTimeoutMs: 10_000, connect });
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () =>
        new Promise<number>((resolve, reject) => {
          let status = 0;
          let done = false;
          pool.dispatch(
            { origin: target.url, path: '/delay/5', method: 'GET', headers: {} },
            {
              get done() {
                return done;
              },
              onConnect() {},
              onHeaders: (s: number) => ((status = s), true),
              onData: () => true,
              onComplete: () => ((done = true), resolve(status)),
              onError: (e: Error) => ((done = true), reject(e)),
            } as never,
          );
        }),
      ),
    );
    expect(statuses).toEqual(Array(40).fill(200));
    expect(seen.mostAtOnce).toBe(2);
    expect(seen.connects).toBeGreaterThanOrEqual(2);
    await pool.close();
  });

  it('a request undici refuses at once (a header value with a newline) leaves the only connection usable', async () => {
    const client = new HttpClient({ connectionsPerOrigin: 1 });
    const bad = await client.send(request('/json', { headers: { 'x-bad': 'a\nb' } }));
    expect(bad.error?.code).toBe(1000);
    const good = await client.send(request('/json'));
    expect(good.status).toBe(200);
    const again = await client.send(request('/status/201'));
    expect(again.status).toBe(201);
    await client.close();
  });

  it('closing the client fails the request on the connection and the one still queued', async () => {
    const client = new HttpClient({ connectionsPerOrigin: 1 });
    const sent = client.send(request('/delay/2000'));
    const queued = client.send(request('/json'));
    await new Promise((r) => setTimeout(r, 50));
    await client.close();
    const [a, b] = await Promise.all([sent, queued]);
    expect(a.error?.code).toBe(1000);
    expect(b.error?.message).toBe('the HTTP client was closed');
  });

  it('a request that times out waiting for the only connection ends with 1050; the next one is answered', async () => {
    const client = new HttpClient({ connectionsPerOrigin: 1 });
    const slow = client.send(request('/delay/1500'));
    const waiting = client.send(request('/json', { timeoutMs: 50 }));
    const w = await waiting;
    expect(w.error?.code).toBe(1050);
    expect((await slow).status).toBe(200);
    const next = await client.send(request('/status/204'));
    expect(next.status).toBe(204);
    await client.close();
  });
});
