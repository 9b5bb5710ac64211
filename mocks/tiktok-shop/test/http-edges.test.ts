/**
 * HTTP edges of the mock on a real socket: HEAD on GET routes, `Allow` on 405, and requests
 * node's parser refuses answered with TikTok's envelope instead of an empty body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest, PARSER_REFUSALS, rawRequest } from '../../../lib/http/test/raw-request.ts';
import { startMock, type RunningMock } from '../server.ts';

let m: RunningMock;
beforeAll(async () => {
  m = await startMock({ seed: 'http-edges' });
});
afterAll(async () => {
  await m.close();
});

const send = (method: string, path: string) => httpRequest(m.port, method, path);

describe('mock HTTP edges', () => {
  it('answers HEAD on a GET route with the GET status and no body', async () => {
    const r = await send('HEAD', '/__mock/catalog');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toBe('');
  });

  it('sends Allow with a 405 (36009010)', async () => {
    const r = await send('DELETE', '/__mock/catalog');
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
    expect(JSON.parse(r.body).code).toBe(36009010);
  });

  for (const c of PARSER_REFUSALS)
    it(`${c.name}: ${c.status} with the envelope`, async () => {
      const a = await rawRequest(m.port, c.bytes);
      expect(a.error).toBeUndefined();
      expect(a.status).toBe(c.status);
      const env = JSON.parse(a.body) as { code: number; message: string; request_id: string; data: unknown };
      expect(env.code).toBe(c.status === 431 ? 90000431 : 36009004);
      expect(env.request_id).toMatch(/MOCK/);
      expect(env.data).toEqual({});
    });
});
