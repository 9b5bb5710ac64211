import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ListenError, listenOnLoopback } from '../listen-loopback.ts';

describe('listenOnLoopback', () => {
  it('binds 127.0.0.1 on a free port and returns it', async () => {
    const s = createServer();
    const port = await listenOnLoopback(s, 0, 'a test server');
    expect(port).toBeGreaterThan(0);
    expect(s.address()).toMatchObject({ address: '127.0.0.1', port });
    await new Promise((r) => s.close(r));
  });

  it('a port in use rejects with a ListenError naming what wanted it and the address', async () => {
    const first = createServer();
    const port = await listenOnLoopback(first, 0, 'the first');
    const second = createServer();
    const err = await listenOnLoopback(second, port, 'the second server').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ListenError);
    expect((err as Error).message).toBe(`the second server could not listen on 127.0.0.1:${port}: the port is in use`);
    expect(second.listening).toBe(false);
    await new Promise((r) => first.close(r));
  });
});
