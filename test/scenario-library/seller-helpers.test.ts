/**
 * The scenario library's seller helpers (load/lib/platform.ts) driven by a k6 scenario in
 * peakday's runtime against a real mock on loopback: the platform's warning reaches each
 * authorized shop of the seller (webhook 7), the seller's revocation deauthorizes its shops
 * (webhook 6 each, its token refused by the Open API), another seller keeps its shop. And the
 * scenario's k6 bundle imports nothing but k6's own modules, so real k6 runs it as well.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type MockSeller, type RunningMock } from '../../mocks/tiktok-shop/server.ts';
import { DocClient, control } from '../../mocks/tiktok-shop/test/doc-client.ts';
import { startReceiver, waitFor, type Receiver } from '../../mocks/tiktok-shop/webhooks/test/receiver.ts';
import { buildScript } from '../../src/runtime/bundler/bundle.ts';
import { runTest } from '../../src/runtime/run-test.ts';

const SCENARIO = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'seller-revokes.ts');
let m: RunningMock;
let hook: Receiver;
let alpha: MockSeller;
let beta: MockSeller;

const clientOf = (s: MockSeller) => new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: s.accessToken });
const pushed = (type: number) => hook.received.filter((r) => r.json.type === type).map((r) => r.json.shop_id);

beforeAll(async () => {
  m = await startMock({ seed: 'seller-helpers', skus: 2, warehouses: 1, sellers: [{ name: 'Alpha', shops: ['US', 'GB'] }, { name: 'Beta', shops: ['ID'] }], webhook: { retryScheduleMs: [50] } });
  [alpha, beta] = m.sellers as [MockSeller, MockSeller];
  hook = await startReceiver();
  for (const s of [alpha, beta]) {
    for (const shop of s.shops) {
      for (const eventType of ['SELLER_DEAUTHORIZATION', 'UPCOMING_AUTHORIZATION_EXPIRATION']) {
        const r = await clientOf(s).call('PUT', '/event/202309/webhooks', { shopCipher: shop.cipher, body: { address: hook.url, event_type: eventType } });
        expect(r.env.code).toBe(0);
      }
    }
  }
});
afterAll(async () => {
  await m?.close();
  await hook?.close();
});

it("a k6 scenario warns of the authorization's end and deauthorizes a seller; the mock shows both", async () => {
  const logs: string[] = [];
  const r = await runTest({ script: SCENARIO, env: { MOCK_URL: m.url, SELLER_ID: alpha.id }, onEngine: (e) => e.on('log', (l: { message: string }) => logs.push(l.message)) });
  expect(r.exitCode, r.error?.message).toBe(0);
  const line = logs.find((l) => l.startsWith('RESULT '));
  expect(line, logs.join('\n')).toBeDefined();
  const got = JSON.parse((line as string).slice('RESULT '.length));
  const alphaShops = alpha.shops.map((s) => s.id);
  expect(got.warned).toMatchObject({ seller_id: alpha.id, notified_shop_ids: alphaShops, authorization_ends_at: expect.any(Number) });
  expect(got.revoked).toEqual({ seller_id: alpha.id, deauthorized_shop_ids: alphaShops });
  expect(got.again).toEqual({ seller_id: alpha.id, deauthorized_shop_ids: [] });
  expect(got.unknown).toBeNull();
  // The unknown seller's 404 is the one failed request of four.
  expect(r.summary?.metrics.http_reqs?.values.count).toBe(4);
  expect(r.summary?.metrics.http_req_failed?.values.passes).toBe(1);

  await waitFor(() => pushed(6).length === 2 && pushed(7).length === 2 && m.platform.webhooks.stats().pending === 0, 10_000, 'webhooks 6 and 7 for both shops');
  expect(pushed(7).sort()).toEqual([...alphaShops].sort());
  expect(pushed(6).sort()).toEqual([...alphaShops].sort());
  const sellers = (await control(m.url, 'GET', '/__mock/sellers')).env.data.sellers as { seller_id: string; shops: { authorized: boolean }[] }[];
  expect(sellers.map((s) => [s.seller_id, s.shops.map((x) => x.authorized)])).toEqual([
    [alpha.id, [false, false]],
    [beta.id, [true]],
  ]);
  const refused = await clientOf(alpha).getAuthorizedShops();
  expect([refused.env.code, refused.env.message]).toEqual([36009004, expect.stringMatching(/deauthorized the app/)]);
  expect((await clientOf(beta).getAuthorizedShops()).env.code).toBe(0);
});

it("the scenario's k6 bundle imports only k6 modules", async () => {
  const out = mkdtempSync(join(tmpdir(), 'peakday-seller-helpers-'));
  try {
    const b = await buildScript(SCENARIO, out, { k6: true });
    const bundle = readFileSync(b.k6Path as string, 'utf8');
    const specifiers = [...bundle.matchAll(/\bfrom\s*"([^"]+)"|\bimport\s*"([^"]+)"/g)].map((x) => x[1] ?? x[2]);
    expect(specifiers).toContain('k6/http');
    expect(specifiers.filter((s) => !/^k6(\/|$)/.test(s as string))).toEqual([]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
