import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientErrors } from '../client-errors.ts';
import { PARSER_REFUSALS, rawRequest } from './raw-request.ts';

describe('answerClientErrors', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    answerClientErrors(server, (status, message) => ({ contentType: 'application/json', body: JSON.stringify({ status, message }) }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  for (const c of PARSER_REFUSALS)
    it(`${c.name}: ${c.status} with a body in the given shape`, async () => {
      const a = await rawRequest(port, c.bytes);
      expect(a.error).toBeUndefined();
      expect(a.status).toBe(c.status);
      expect(a.headers['content-type']).toBe('application/json');
      expect(a.headers.connection).toBe('close');
      expect(JSON.parse(a.body)).toMatchObject({ status: c.status, message: expect.any(String) });
    });

  it('a valid request on the same server is still answered', async () => {
    const a = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(a.status).toBe(200);
    expect(a.body).toBe('ok');
  });
});
