/**
 * HTTP edges of the ERP API on a real socket: HEAD on GET routes, `Allow` on 405, and requests
 * node's parser refuses answered with the stack's error shape instead of an empty body or a reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, PARSER_REFUSALS, rawRequest } from '../../../lib/http/test/raw-request.ts';
import { startPair, type Pair } from '../../test/fixtures/pair.ts';

let p: Pair;
let port: number;
beforeAll(async () => {
  p = await startPair();
  port = Number(new URL(p.stack.url).port);
});
afterAll(async () => {
  await p?.close();
});

const send = (method: string, path: string) => httpRequest(port, method, path);

describe('ERP API HTTP edges', () => {
  it('answers HEAD on a GET route with the GET status and no body', async () => {
    const r = await send('HEAD', '/health');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toBe('');
  });

  it('sends Allow with a 405', async () => {
    const r = await send('DELETE', '/health');
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(r.body).error.code).toBe('METHOD_NOT_ALLOWED');
    const post = await send('GET', '/stock/batch');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('POST');
  });

  for (const c of PARSER_REFUSALS)
    it(`${c.name}: ${c.status} with {"error":{code,message}}`, async () => {
      const a = await rawRequest(port, c.bytes);
      expect(a.error).toBeUndefined();
      expect(a.status).toBe(c.status);
      const body = JSON.parse(a.body) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(c.status === 431 ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST');
      expect(body.error.message).toMatch(/not valid HTTP|too large/);
    });
});
