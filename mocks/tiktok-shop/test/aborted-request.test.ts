/**
 * A client that promises a body (Content-Length) and closes before sending it all has ended
 * the exchange itself: the mock logs no internal error and counts no platform answer for it,
 * so the call statistics the harness judges (platform-call-success) never see a 36009003 the
 * platform did not give. Real sockets on 127.0.0.1, port 0.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0, seed: 'aborted', skus: 4 });
});
afterAll(async () => {
  await mock?.close();
});

/** Sends the head and part of a body, then closes; resolves once the server saw the socket go. */
async function abortMidBody(path: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const s = connect(mock.port, '127.0.0.1', () => {
      s.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"skus":[`);
      setTimeout(() => s.destroy(), 50);
    });
    s.on('error', reject);
    s.on('close', () => resolve());
  });
  // The server's side of the socket closes after ours; wait until it holds no connection.
  for (let i = 0; i < 200; i++) {
    const n = await new Promise<number>((r) => mock.server.getConnections((_e, c) => r(c)));
    if (n === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('a request the client aborts mid-body', () => {
  it('is not an internal error and not counted as a platform failure', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const product = mock.platform.catalog.products[0]!.id;
      await abortMidBody(`/product/202309/products/${product}/inventory/update?app_key=${mock.appKey}&timestamp=1`);
      await abortMidBody('/__mock/orders');
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      spy.mockRestore();
    }
    const log = written.join('');
    expect(log).not.toMatch(/internal error/);
    expect(log).not.toMatch(/\n\s+at /);
    const stats = (await (await fetch(`${mock.url}/__mock/stats`)).json()) as { data: { endpoints: Record<string, { by_code: Record<string, number> }> } };
    const failures = Object.entries(stats.data.endpoints).filter(([, e]) => (e.by_code['36009003'] ?? 0) > 0);
    expect(failures).toEqual([]);
    // The mock still answers.
    expect((await fetch(`${mock.url}/__mock/health`)).status).toBe(200);
  });
});
