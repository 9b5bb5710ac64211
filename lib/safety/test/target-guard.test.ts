import { describe, expect, it } from 'vitest';
import { assertTargetAllowed, isLoopbackHost } from '../target-guard.ts';

const cases: { name: string; url: string; allow?: string[]; refused: boolean }[] = [
  { name: 'IPv4 loopback', url: 'http://127.0.0.1:8080/x', refused: false },
  { name: 'any 127/8 address', url: 'http://127.3.2.1/', refused: false },
  { name: 'localhost', url: 'http://localhost:1/', refused: false },
  { name: 'IPv6 loopback', url: 'http://[::1]:9/', refused: false },
  { name: 'private address not allowed by default', url: 'http://10.0.0.1/', refused: true },
  { name: 'public host not allowed by default', url: 'https://erp.example.com/', refused: true },
  { name: 'named remote host allowed', url: 'https://erp.example.com/', allow: ['erp.example.com'], refused: false },
  { name: 'TikTok API host always refused', url: 'https://open-api.tiktokglobalshop.com/', refused: true },
  {
    name: 'TikTok auth host refused even when allowed',
    url: 'https://auth.tiktok-shops.com/api/v2/token/get',
    allow: ['auth.tiktok-shops.com'],
    refused: true,
  },
  { name: 'lookalike 127 host name is not loopback', url: 'http://127.0.0.1.evil.com/', refused: true },
  { name: 'garbage URL', url: 'not a url', refused: true },
];

describe('assertTargetAllowed', () => {
  for (const c of cases) {
    it(c.name, () => {
      const call = () => assertTargetAllowed(c.url, c.allow);
      if (c.refused) expect(call).toThrow(/refusing|not a valid URL/);
      else expect(call).not.toThrow();
    });
  }
  it('rejects octets above 255', () => expect(isLoopbackHost('127.0.0.256')).toBe(false));
});
