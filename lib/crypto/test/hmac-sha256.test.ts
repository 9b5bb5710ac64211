import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from '../hmac-sha256.ts';

describe('hmacSha256Hex (RFC 2104 on crypto.hash)', () => {
  it('matches RFC 4231 test case 2', () => {
    expect(hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  const cases: { name: string; secret: string; message: string }[] = [
    { name: 'ASCII secret, ASCII message', secret: 'e59af819cc', message: '/authorization/202309/shopsapp_key29a39d' },
    { name: 'empty secret', secret: '', message: 'abc' },
    { name: 'empty message', secret: 'k', message: '' },
    { name: 'secret of exactly one block (64 bytes)', secret: 'x'.repeat(64), message: 'abc' },
    { name: 'secret longer than a block is hashed first', secret: 'y'.repeat(65), message: 'abc' },
    { name: 'non-ASCII secret (pads outside ASCII)', secret: 'clé-秘密', message: 'abc' },
    { name: 'non-ASCII message', secret: 'k', message: '{"name":"Tê 🧦"}' },
    { name: 'long message', secret: 'k', message: 'z'.repeat(5000) },
  ];
  for (const c of cases) {
    it(`equals createHmac: ${c.name}`, () => {
      expect(hmacSha256Hex(c.secret, c.message)).toBe(createHmac('sha256', c.secret).update(c.message).digest('hex'));
    });
  }

  it('takes a new secret after another (the pads kept are the last secret\'s)', () => {
    const a = hmacSha256Hex('a', 'm');
    expect(hmacSha256Hex('b', 'm')).toBe(createHmac('sha256', 'b').update('m').digest('hex'));
    expect(hmacSha256Hex('a', 'm')).toBe(a);
  });
});
