import { describe, expect, it } from 'vitest';
import { isSecretKey, redact, redactText } from '../redact.ts';

describe('redact', () => {
  it.each([
    ['app_secret', true],
    ['access_token', true],
    ['db_password', true],
    ['apiKey', true],
    ['Authorization', true],
    ['shop_cipher', false],
    ['stack_url', false],
    ['seed', false],
  ])('key %s is secret: %s', (k, want) => expect(isSecretKey(k)).toBe(want));

  it.each([
    ['query parameter', 'http://h/?access_token=abc123&x=1', 'http://h/?access_token=[redacted]&x=1'],
    ['key: value', 'app_secret: s3cr3t failed', 'app_secret: [redacted] failed'],
    ['json fragment', '{"refresh_token":"r-1"}', '{"refresh_token":"[redacted]"}'],
    ['bearer', 'Authorization header Bearer eyJhbGci.x.y', 'Authorization header Bearer [redacted]'],
    ['url userinfo', 'http://u:pw@127.0.0.1/', 'http://u:[redacted]@127.0.0.1/'],
    ['plain text kept', 'inventory sync lag 3 s', 'inventory sync lag 3 s'],
  ])('masks %s', (_n, input, want) => expect(redactText(input)).toBe(want));

  it('copies deeply, keeps histograms and leaves the input alone', () => {
    const input = { config: { token: 'x', n: 1, list: [{ password: 'p' }] }, metrics: { m: { hdr: 'HISTFAAAAtoken=AAA' } } };
    const out = redact(input);
    expect(out).toEqual({ config: { token: '[redacted]', n: 1, list: [{ password: '[redacted]' }] }, metrics: { m: { hdr: 'HISTFAAAAtoken=AAA' } } });
    expect(input.config.token).toBe('x');
  });
});
