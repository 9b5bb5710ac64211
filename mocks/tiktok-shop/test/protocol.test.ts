/**
 * Every error path of the protocol, seen through the doc-only client on a real socket:
 * signing (official vector), app_key, timestamp window, sign, token (missing, unknown, expired),
 * shop_cipher (missing, unexpected, unknown), unknown path and method, content type, token
 * endpoints, the rate limit and a fault through the pipeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control, docSign } from './doc-client.ts';

let clockMs = Date.now();
let m: RunningMock;
let client: DocClient;
let cipher: string;

beforeAll(async () => {
  m = await startMock({ seed: 'protocol', now: () => clockMs, tokenLifetimes: { accessTokenS: 3600, authCodeS: 60 } });
  client = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken, now: () => Math.floor(clockMs / 1000) });
  cipher = m.shops[0]!.cipher;
});
afterAll(async () => {
  await m.close();
});

/** A raw call with a hand-built query: for cases the client would never produce. */
async function raw(method: string, path: string, params: Record<string, string>, init: { token?: string; body?: string; contentType?: string } = {}) {
  const qs = new URLSearchParams(params).toString();
  const headers: Record<string, string> = {};
  if (init.token !== undefined) headers['x-tts-access-token'] = init.token;
  if (init.contentType !== undefined) headers['content-type'] = init.contentType;
  const res = await fetch(`${m.url}${path}?${qs}`, { method, headers, body: init.body });
  return { status: res.status, env: (await res.json()) as { code: number; message: string; request_id: string; data: unknown } };
}

function signed(path: string, extra: Record<string, string> = {}, body = '', tsS = Math.floor(clockMs / 1000)): Record<string, string> {
  const p: Record<string, string> = { app_key: m.appKey, timestamp: String(tsS), ...extra };
  return { ...p, sign: docSign(path, p, body, m.appSecret) };
}

describe('signature', () => {
  it("the doc client's own signer matches the official vector", () => {
    expect(docSign('/authorization/202309/shops', { app_key: '29a39d', timestamp: '1623812664' }, '', 'e59af819cc')).toBe(
      'b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8',
    );
  });

  it('accepts a well-signed call with the envelope', async () => {
    const r = await client.getAuthorizedShops();
    expect(r.status).toBe(200);
    expect(r.env.code).toBe(0);
    expect(r.env.message).toBe('Success');
    expect(r.env.request_id).toMatch(/^[0-9A-Z]+$/);
    expect(r.env.data.shops).toHaveLength(3);
  });

  it('a wrong sign is 106001 / 401', async () => {
    const p = signed('/authorization/202309/shops');
    const r = await raw('GET', '/authorization/202309/shops', { ...p, sign: 'f'.repeat(64) }, { token: m.accessToken });
    expect([r.status, r.env.code]).toEqual([401, 106001]);
  });

  it('a body changed after signing is 106001', async () => {
    const path = '/product/202309/inventory/search';
    const p = signed(path, { shop_cipher: cipher }, '{"sku_ids":["1"]}');
    const r = await raw('POST', path, p, { token: m.accessToken, body: '{"sku_ids":["2"]}', contentType: 'application/json' });
    expect(r.env.code).toBe(106001);
  });

  it('a missing sign, app_key or a foreign app_key is 36009004 / 400', async () => {
    const p = signed('/authorization/202309/shops');
    const { sign: _s, ...noSign } = p;
    const { app_key: _k, ...noKey } = p;
    for (const params of [noSign, noKey, { ...p, app_key: 'someone-else' }]) {
      const r = await raw('GET', '/authorization/202309/shops', params, { token: m.accessToken });
      expect([r.status, r.env.code]).toEqual([400, 36009004]);
    }
  });
});

describe('timestamp window', () => {
  const nowS = () => Math.floor(clockMs / 1000);
  const cases = [
    { name: '299 s old is accepted', offset: -299, code: 0 },
    { name: '301 s old is refused', offset: -301, code: 36009004 },
    { name: '29 s ahead is accepted', offset: 29, code: 0 },
    { name: '31 s ahead is refused', offset: 31, code: 36009004 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await raw('GET', '/authorization/202309/shops', signed('/authorization/202309/shops', {}, '', nowS() + c.offset), { token: m.accessToken });
      expect(r.env.code).toBe(c.code);
    });
  }
  it('a non-numeric timestamp is refused naming it', async () => {
    const p = { app_key: m.appKey, timestamp: 'yesterday' };
    const r = await raw('GET', '/authorization/202309/shops', { ...p, sign: docSign('/authorization/202309/shops', p, '', m.appSecret) }, { token: m.accessToken });
    expect(r.env.code).toBe(36009004);
    expect(r.env.message).toMatch(/timestamp/);
  });
});

describe('access token', () => {
  it('missing or unknown token is 36009004', async () => {
    const p = signed('/authorization/202309/shops');
    expect((await raw('GET', '/authorization/202309/shops', p)).env.code).toBe(36009004);
    expect((await raw('GET', '/authorization/202309/shops', p, { token: 'nope' })).env.code).toBe(36009004);
  });

  it('an expired token is 105002; refresh gives a working one', async () => {
    const at = await control(m.url, 'POST', '/__mock/auth-codes');
    const code = at.env.data.auth_code as string;
    const get = await fetch(`${m.url}/api/v2/token/get?${new URLSearchParams({ app_key: m.appKey, app_secret: m.appSecret, auth_code: code, grant_type: 'authorized_code' })}`);
    const grant = ((await get.json()) as { code: number; data: { access_token: string; refresh_token: string; access_token_expire_in: number } }).data;
    expect(grant.access_token).toMatch(/^ROW_at_/);
    expect(grant.access_token_expire_in).toBe(Math.floor((clockMs + 3600_000) / 1000));
    const c2 = new DocClient({ ...client.cfg, accessToken: grant.access_token });
    expect((await c2.getAuthorizedShops()).env.code).toBe(0);

    clockMs += 3601_000; // the token's hour passes
    try {
      const expired = await c2.getAuthorizedShops();
      expect([expired.status, expired.env.code]).toEqual([401, 105002]);
      const ref = await fetch(`${m.url}/api/v2/token/refresh?${new URLSearchParams({ app_key: m.appKey, app_secret: m.appSecret, refresh_token: grant.refresh_token, grant_type: 'refresh_token' })}`);
      const fresh = ((await ref.json()) as { data: { access_token: string } }).data.access_token;
      expect((await new DocClient({ ...client.cfg, accessToken: fresh }).getAuthorizedShops()).env.code).toBe(0);
    } finally {
      clockMs -= 3601_000;
    }
  });

  it('an auth code is single-use and expires after its lifetime', async () => {
    const tokenGet = (code: string) =>
      fetch(`${m.url}/api/v2/token/get?${new URLSearchParams({ app_key: m.appKey, app_secret: m.appSecret, auth_code: code, grant_type: 'authorized_code' })}`).then(
        (r) => r.json() as Promise<{ code: number; message: string }>,
      );
    const code = (await control(m.url, 'POST', '/__mock/auth-codes')).env.data.auth_code as string;
    expect((await tokenGet(code)).code).toBe(0);
    const again = await tokenGet(code);
    expect(again.code).toBe(36009004);
    expect(again.message).toMatch(/already used/);
    const late = (await control(m.url, 'POST', '/__mock/auth-codes')).env.data.auth_code as string;
    clockMs += 61_000;
    try {
      expect((await tokenGet(late)).message).toMatch(/expired/);
    } finally {
      clockMs -= 61_000;
    }
  });

  it('a refresh token the auth host does not know is 36004005, an expired one 36004001', async () => {
    const refresh = (rt: string) =>
      fetch(`${m.url}/api/v2/token/refresh?${new URLSearchParams({ app_key: m.appKey, app_secret: m.appSecret, refresh_token: rt, grant_type: 'refresh_token' })}`).then(
        async (r) => ({ status: r.status, env: (await r.json()) as { code: number; message: string } }),
      );
    const unknown = await refresh('ROW_rt_never_issued');
    expect([unknown.status, unknown.env.code]).toEqual([400, 36004005]);
    expect(unknown.env.message).toMatch(/can not find related auth record/);
    clockMs += 366 * 24 * 3600_000; // past the refresh token's 365 days
    try {
      const expired = await refresh(m.refreshToken);
      expect([expired.status, expired.env.code]).toEqual([400, 36004001]);
      expect(expired.env.message).toMatch(/rt has expired/);
    } finally {
      clockMs -= 366 * 24 * 3600_000;
    }
    expect((await refresh(m.refreshToken)).env.code).toBe(0);
  });

  it('the token endpoints need the app secret', async () => {
    const r = await fetch(`${m.url}/api/v2/token/refresh?${new URLSearchParams({ app_key: m.appKey, app_secret: 'wrong', refresh_token: m.refreshToken, grant_type: 'refresh_token' })}`);
    expect(((await r.json()) as { code: number }).code).toBe(36009004);
  });

  it('/__mock/tokens/expire makes a token expire now', async () => {
    const m2 = await startMock({ seed: 'expire' });
    try {
      const c = new DocClient({ baseUrl: m2.url, appKey: m2.appKey, appSecret: m2.appSecret, accessToken: m2.accessToken });
      expect((await control(m2.url, 'POST', '/__mock/tokens/expire', { access_token: m2.accessToken })).env.data.expired).toBe(true);
      expect((await c.getAuthorizedShops()).env.code).toBe(105002);
    } finally {
      await m2.close();
    }
  });
});

describe('shop_cipher rules', () => {
  it('shop-scoped call without shop_cipher is 106013', async () => {
    const r = await client.call('GET', '/logistics/202309/warehouses');
    expect(r.env.code).toBe(106013);
  });
  it('authorization and seller calls with a shop_cipher are 36009004', async () => {
    for (const path of ['/authorization/202309/shops', '/seller/202309/shops']) {
      const r = await client.call('GET', path, { shopCipher: cipher });
      expect(r.env.code).toBe(36009004);
      expect(r.env.message).toMatch(/shop_cipher must not be sent/);
    }
  });
  it('an unknown cipher is 36009004', async () => {
    const r = await client.call('GET', '/logistics/202309/warehouses', { shopCipher: 'ROW_unknown' });
    expect(r.env.code).toBe(36009004);
  });
});

describe('paths, methods, content type', () => {
  it('unknown path is 36009009 / 404, unknown method is 36009010 / 405', async () => {
    const a = await client.call('GET', '/product/202309/nothing-here', { shopCipher: cipher });
    expect([a.status, a.env.code]).toEqual([404, 36009009]);
    const b = await client.call('DELETE', '/product/202309/inventory/search', { shopCipher: cipher });
    expect([b.status, b.env.code]).toEqual([405, 36009010]);
    expect(b.env.message).toMatch(/allowed: POST/);
  });
  it('a JSON body sent as text/plain is 36009022', async () => {
    const path = '/product/202309/inventory/search';
    const body = '{"sku_ids":["1"]}';
    const r = await raw('POST', path, signed(path, { shop_cipher: cipher }, body), { token: m.accessToken, body, contentType: 'text/plain' });
    expect(r.env.code).toBe(36009022);
  });
  it('a body over the cap is 413 and the connection is closed', async () => {
    const m2 = await startMock({ seed: 'cap', maxBodyBytes: 1024 });
    try {
      const r = await control(m2.url, 'PUT', '/__mock/inventory', 'x'.repeat(5000));
      expect([r.status, r.env.code]).toEqual([413, 90000413]);
    } finally {
      await m2.close();
    }
  });
});

describe('rate limit and faults in the pipeline', () => {
  it('past the bucket, calls get 429 / 36009002, per shop', async () => {
    const m2 = await startMock({ seed: 'rl', rateLimit: { defaultQps: 1, burst: 3 } });
    try {
      const c = new DocClient({ baseUrl: m2.url, appKey: m2.appKey, appSecret: m2.appSecret, accessToken: m2.accessToken });
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await c.getWarehouses(m2.shops[0]!.cipher)).env.code);
      expect(codes.slice(0, 3)).toEqual([0, 0, 0]);
      expect(codes.slice(3)).toContain(36009002);
      const other = await c.getWarehouses(m2.shops[1]!.cipher);
      expect(other.env.code).toBe(0); // another shop has its own bucket
      const stats = await control(m2.url, 'GET', '/__mock/stats');
      expect(stats.env.data.endpoints['GET /logistics/202309/warehouses'].by_code['36009002']).toBeGreaterThan(0);
      // Reconfigured at run time through the control API.
      expect((await control(m2.url, 'PUT', '/__mock/config', { rateLimit: { defaultQps: 1000 } })).env.code).toBe(0);
      expect((await control(m2.url, 'PUT', '/__mock/config', { rateLimit: { defaultQPS: 1 } })).env.message).toMatch(/defaultQPS: unknown key/);
    } finally {
      await m2.close();
    }
  });

  it('an error fault set at run time answers 500 / 36009003 and is counted', async () => {
    const m2 = await startMock({ seed: 'faults', rateLimit: { defaultQps: 10_000 } });
    try {
      const c = new DocClient({ baseUrl: m2.url, appKey: m2.appKey, appSecret: m2.appSecret, accessToken: m2.accessToken });
      const put = await control(m2.url, 'PUT', '/__mock/faults', { errors: { share: 1, endpoints: ['GET /logistics/*'] } });
      expect(put.env.code).toBe(0);
      const r = await c.getWarehouses(m2.shops[0]!.cipher);
      expect([r.status, r.env.code]).toEqual([500, 36009003]);
      expect((await c.getAuthorizedShops()).env.code).toBe(0); // not selected by the filter
      const bad = await control(m2.url, 'PUT', '/__mock/faults', { errors: { share: 2 } });
      expect(bad.env.code).toBe(36009004);
      expect((await control(m2.url, 'GET', '/__mock/faults')).env.data.stats.error).toBe(1);
    } finally {
      await m2.close();
    }
  });
});
