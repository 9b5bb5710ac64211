import { describe, expect, it } from 'vitest';
import { backoffMs } from '../backoff.ts';
import { RateLimits, TokenBucket } from '../token-bucket.ts';

describe('TokenBucket', () => {
  it('allows a burst, then refills at qps', () => {
    let t = 0;
    const b = new TokenBucket(10, 3, () => t);
    expect([b.take(), b.take(), b.take()]).toEqual([0, 0, 0]);
    expect(b.take()).toBe(100);
    t = 100;
    expect(b.take()).toBe(0);
    expect(b.take()).toBeGreaterThan(0);
  });
  it('penalize empties and pauses the bucket', () => {
    let t = 0;
    const b = new TokenBucket(10, 5, () => t);
    b.penalize(500);
    expect(b.take()).toBe(500);
    t = 500;
    expect(b.take()).toBeGreaterThan(0); // no tokens accrued during the pause
    t = 600;
    expect(b.take()).toBe(0);
  });
  it('isolates shops and endpoints, with per-endpoint overrides', () => {
    let t = 0;
    const l = new RateLimits({ qps: 1, burst: 1, perEndpoint: { fast: 100 } }, () => t);
    expect(l.bucket('s1', 'a').take()).toBe(0);
    expect(l.bucket('s1', 'a').take()).toBeGreaterThan(0);
    expect(l.bucket('s2', 'a').take()).toBe(0);
    expect(l.bucket('s1', 'fast').qps).toBe(100);
  });
  it('acquire gives up at the deadline', async () => {
    const l = new RateLimits({ qps: 1, burst: 1, perEndpoint: {} });
    expect(await l.acquire('s', 'e', Date.now() + 10)).toBe(true);
    expect(await l.acquire('s', 'e', Date.now() + 10)).toBe(false);
  });
});

describe('backoffMs', () => {
  it('grows exponentially under the cap, with jitter and a floor', () => {
    expect(backoffMs(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffMs(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffMs(30, 100, 10_000, () => 1)).toBe(10_000);
    expect(backoffMs(5, 100, 10_000, () => 0)).toBe(50);
  });
});
