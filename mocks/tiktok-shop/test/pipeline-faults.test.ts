/**
 * The fault injector's decisions, as the server applies them: latency delays the answer, a
 * hang holds the call past the client's timeout (504 / 36009007 if it is still there), a
 * throttle storm answers 429, a plain 5xx has no envelope. Stats record what was answered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control, docSign } from './doc-client.ts';

let m: RunningMock | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
});

async function start(faults: unknown): Promise<{ c: DocClient; cipher: string }> {
  m = await startMock({ seed: 'pipeline', rateLimit: { defaultQps: 100_000 }, faults });
  return { c: new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken }), cipher: m.shops[0]!.cipher };
}

/** A signed warehouses URL, for raw fetches (abort, non-JSON answers). */
function warehousesUrl(cipher: string): string {
  const path = '/logistics/202309/warehouses';
  const params: Record<string, string> = { app_key: m!.appKey, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: cipher };
  params.sign = docSign(path, params, '', m!.appSecret);
  return `${m!.url}${path}?${new URLSearchParams(params)}`;
}

describe('faults applied by the pipeline', () => {
  it('fixed latency delays the answer and shows in the endpoint histogram', async () => {
    const { c, cipher } = await start({ latency: { kind: 'fixed', ms: 150, endpoints: ['GET /logistics/*'] } });
    const t0 = performance.now();
    expect((await c.getWarehouses(cipher)).env.code).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    const s = (await control(m!.url, 'GET', '/__mock/stats')).env.data;
    const h = LatencyHistogram.decode(s.endpoints['GET /logistics/202309/warehouses'].latency);
    expect(h.count).toBe(1);
    expect(h.minMs).toBeGreaterThanOrEqual(140);
    expect(s.faults.latency).toBe(1);
  });

  it('a hang holds the call; a client that waits gets 504 / 36009007', async () => {
    const { c, cipher } = await start({ hangs: { share: 1, ms: 200 } });
    const t0 = performance.now();
    const r = await c.getWarehouses(cipher);
    expect([r.status, r.env.code]).toEqual([504, 36009007]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('a client that times out during a hang leaves the mock healthy', async () => {
    const { c, cipher } = await start({ hangs: { share: 1, ms: 1500, endpoints: ['GET /logistics/*'] } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(fetch(warehousesUrl(cipher), { signal: ac.signal, headers: { 'x-tts-access-token': m!.accessToken } })).rejects.toThrow();
    expect((await c.getAuthorizedShops()).env.code).toBe(0);
  });

  it('a throttle storm answers 429 / 36009002 inside its window only', async () => {
    const { c, cipher } = await start({ throttle: { windows: [[0, 400]] } });
    expect((await c.getWarehouses(cipher)).status).toBe(429);
    await new Promise((r) => setTimeout(r, 450));
    expect((await c.getWarehouses(cipher)).env.code).toBe(0);
  });

  it('a plain 503 has no envelope, as a gateway would answer', async () => {
    const { cipher } = await start({ errors: { share: 1, status: 503 } });
    const res = await fetch(warehousesUrl(cipher), { headers: { 'x-tts-access-token': m!.accessToken } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await res.text()).toBe('HTTP 503');
    const s = (await control(m!.url, 'GET', '/__mock/stats')).env.data;
    expect(s.endpoints['GET /logistics/202309/warehouses'].by_code['36009003']).toBe(1);
  });

  it('the same seed and spec give the same sequence of answers in two mocks', async () => {
    const spec = { errors: { share: 0.5 } };
    const seq = async () => {
      const { c, cipher } = await start(spec);
      const codes: number[] = [];
      for (let i = 0; i < 30; i++) codes.push((await c.getWarehouses(cipher)).env.code);
      await m!.close();
      m = undefined;
      return codes;
    };
    const a = await seq();
    expect(a).toContain(0);
    expect(a).toContain(36009003);
    expect(await seq()).toEqual(a);
  });
});
