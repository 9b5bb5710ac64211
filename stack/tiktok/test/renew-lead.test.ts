import { describe, expect, it } from 'vitest';
import { renewLeadMs } from '../access-grant.ts';

describe('renewLeadMs: how long before expiry the access token is renewed', () => {
  it.each([
    ['an 8 s test token: 2 s before', 8_000, 2_000],
    ['a 20 s test token: 5 s before', 20_000, 5_000],
    ['a 10-minute token: 150 s before', 600_000, 150_000],
    ['a 2-hour token: capped at 30 minutes', 7_200_000, 1_800_000],
    ["TikTok's 7 days: 30 minutes before", 7 * 86_400_000, 1_800_000],
  ])('%s', (_name, lifetime, lead) => {
    expect(renewLeadMs(lifetime)).toBe(lead);
  });
});
