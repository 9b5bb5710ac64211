import { describe, expect, it } from 'vitest';
import { signRequest, signWebhook, signatureBase, signaturesEqual } from '../signature.ts';

describe('TikTok request signature', () => {
  it('matches the official test vector', () => {
    const sign = signRequest(
      { path: '/authorization/202309/shops', query: { app_key: '29a39d', timestamp: 1623812664 } },
      'e59af819cc',
    );
    expect(sign).toBe('b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8');
  });

  const cases: { name: string; input: Parameters<typeof signatureBase>[0]; base: string }[] = [
    {
      name: 'sorts keys and drops sign and access_token',
      input: { path: '/p', query: { b: '2', a: '1', sign: 'x', access_token: 't' } },
      base: '/pa1b2',
    },
    { name: 'comma-joins list values', input: { path: '/o', query: { ids: ['a', 'b'] } }, base: '/oidsa,b' },
    { name: 'appends a JSON body', input: { path: '/p', query: { a: '1' }, body: '{"x":1}' }, base: '/pa1{"x":1}' },
    {
      name: 'leaves out a multipart body',
      input: { path: '/p', query: {}, body: 'xx', contentType: 'multipart/form-data; boundary=z' },
      base: '/p',
    },
    { name: 'skips undefined params', input: { path: '/p', query: { a: undefined, b: 0 } }, base: '/pb0' },
    { name: 'sorts many keys, upper case before lower', input: { path: '/p', query: { e: '5', b: '2', D: '4', a: '1', c: '3', a_b: '6' } }, base: '/pD4a1a_b6b2c3e5' },
  ];
  for (const c of cases) it(c.name, () => expect(signatureBase(c.input)).toBe(c.base));

  it('changes when the body changes', () => {
    const q = { app_key: 'k', timestamp: 1 };
    expect(signRequest({ path: '/p', query: q, body: '{}' }, 's')).not.toBe(
      signRequest({ path: '/p', query: q, body: '{"a":1}' }, 's'),
    );
  });
});

describe('webhook signature and comparison', () => {
  it('is HMAC(secret, appKey + body) and compares case-insensitively on the given side', () => {
    const s = signWebhook('key', 'secret', '{"a":1}');
    expect(s).toMatch(/^[0-9a-f]{64}$/);
    expect(signaturesEqual(s, s.toUpperCase())).toBe(true);
    expect(signaturesEqual(s, s.slice(1))).toBe(false);
    expect(signaturesEqual(s, undefined)).toBe(false);
    expect(signaturesEqual(s, signWebhook('key', 'other', '{"a":1}'))).toBe(false);
    expect(signaturesEqual(s, `${s.slice(0, 63)}é`)).toBe(false); // same length, not ASCII
    expect(signaturesEqual(s, '')).toBe(false);
    expect(signaturesEqual('abc', 'ABC')).toBe(true); // not a 64-character signature
    expect(signaturesEqual('abc', 'abé')).toBe(false);
  });
});
