/**
 * Webhook 7 sent by the mock on its own, over loopback: with an authorization of 5 s and a
 * warning 4 s ahead repeated every second, the seller's shops are warned (several times, each
 * naming the end their token grant gave) before it ends; authorizing again moves the end and
 * the warnings follow it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { startReceiver, type Receiver } from '../webhooks/test/receiver.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let hook: Receiver;

beforeAll(async () => {
  hook = await startReceiver();
  m = await startMock({ seed: 'authorization-expiry', shops: 2, skus: 2, tokenLifetimes: { refreshTokenS: 5, authorizationWarningS: 4, authorizationWarningRepeatS: 1 } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  for (const s of m.shops) {
    expect((await c.call('PUT', '/event/202309/webhooks', { shopCipher: s.cipher, body: { address: hook.url, event_type: 'UPCOMING_AUTHORIZATION_EXPIRATION' } })).env.code).toBe(0);
  }
});
afterAll(async () => {
  await m.close();
  await hook.close();
});

const warnings = (endS: number) => hook.received.filter((r) => r.json.type === 7 && (r.json.data as unknown as { expiration_time: number }).expiration_time === endS);

async function waitFor(what: string, ok: () => boolean, ms: number): Promise<void> {
  for (const t0 = Date.now(); !ok(); ) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it('warns every shop of the seller ahead of the end, repeatedly, and follows a new authorization', async () => {
  const endS = Math.floor(m.platform.sellers.authorizationEnds(0) / 1000);
  await waitFor('two warnings per shop', () => m.shops.every((s) => warnings(endS).filter((r) => r.json.shop_id === s.id).length >= 2), 10_000);
  expect(warnings(endS)[0]!.json).toMatchObject({ type: 7, data: { message: expect.stringMatching(/expires at/), expiration_time: endS } });

  await waitFor('the first authorization to end', () => Date.now() >= endS * 1000 + 1000, 10_000);
  const code = (await control(m.url, 'POST', '/__mock/auth-codes')).env.data.auth_code as string;
  const grant = await c.token('get', code);
  expect(grant.code).toBe(0);
  const renewedS = Math.floor(m.platform.sellers.authorizationEnds(0) / 1000);
  expect(Math.abs(renewedS - (grant.data.refresh_token_expire_in as number))).toBeLessThanOrEqual(1);
  await waitFor('a warning of the new end', () => m.shops.every((s) => warnings(renewedS).some((r) => r.json.shop_id === s.id)), 10_000);
});
