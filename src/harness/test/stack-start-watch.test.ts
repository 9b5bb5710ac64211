import { describe, expect, it } from 'vitest';
import { settledRefusal } from '../stack-start-watch.ts';

const MESSAGE = 'TikTok GET /authorization/202309/shops: code 36009004 Invalid params: app_key is not a known app';
const refused = (attempts: number, spanMs: number, code = 'PLATFORM_REFUSED') => ({
  ready: false,
  checks: { db_open: true, catalog_mapped: false, webhooks_subscribed: false },
  start_error: { code, platform_code: 36009004, message: MESSAGE, attempts, first_at: 1_000, last_at: 1_000 + spanMs },
});

describe('settledRefusal', () => {
  it.each([
    ['a platform refusal, 3 attempts over 5 s', refused(3, 5000), MESSAGE],
    ['3 attempts within 5 s: not settled yet', refused(3, 200), undefined],
    ['over 5 s but only twice', refused(2, 6000), undefined],
    ['a platform out of reach is no refusal', refused(4, 6000, 'PLATFORM_UNREACHABLE'), undefined],
    ['no start_error (still starting)', { ready: false, checks: {} }, undefined],
    ['not an object', 'Service Unavailable', undefined],
    ['a message that is not a string', { start_error: { code: 'PLATFORM_REFUSED', message: 5, attempts: 9, first_at: 0, last_at: 9000 } }, undefined],
  ])('%s', (_name, answer, expected) => {
    expect(settledRefusal(answer)).toBe(expected);
  });
});
