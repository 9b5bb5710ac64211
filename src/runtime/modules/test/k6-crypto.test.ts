/** k6/crypto and k6/encoding against published vectors (RFC 4231, FIPS 180, RFC 4648). */
import { describe, expect, it } from 'vitest';
import { cryptoModule as crypto } from '../k6-crypto.ts';
import { b64decode, b64encode } from '../k6-encoding.ts';

describe('k6/crypto', () => {
  it('HMAC-SHA256 hex: RFC 4231 test case 2', () => {
    expect(crypto.hmac('sha256', 'Jefe', 'what do ya want for nothing?', 'hex')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
  it('HMAC-SHA256 base64 and the createHMAC streaming form agree', () => {
    const h = crypto.createHMAC('sha256', 'Jefe');
    h.update('what do ya want ');
    h.update('for nothing?');
    expect(h.digest('base64')).toBe(crypto.hmac('sha256', 'Jefe', 'what do ya want for nothing?', 'base64'));
  });
  it.each([
    ['md5', 'abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['sha1', 'abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha256', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha512', 'abc', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
  ] as const)('%s("%s") hex', (alg, input, hex) => {
    expect((crypto as unknown as Record<string, (d: string, e: string) => string>)[alg]?.(input, 'hex')).toBe(hex);
  });
  it('binary output is an ArrayBuffer; randomBytes has the asked size', () => {
    expect(crypto.sha256('abc', 'binary')).toBeInstanceOf(ArrayBuffer);
    expect((crypto.randomBytes(16) as ArrayBuffer).byteLength).toBe(16);
  });
  it('rejects an unknown algorithm or encoding by name', () => {
    expect(() => crypto.hmac('sha3000', 'k', 'd', 'hex')).toThrow(/unsupported hash algorithm "sha3000"/);
    expect(() => crypto.sha256('abc', 'hex2' as 'hex')).toThrow(/unsupported output encoding "hex2"/);
  });
});

describe('k6/encoding', () => {
  it.each([
    ['std', 'foob', 'Zm9vYg=='],
    ['rawstd', 'foob', 'Zm9vYg'],
    ['url', '\u00ff\u00fe?', 'w7_Dvj8='],
    ['rawurl', '\u00ff\u00fe?', 'w7_Dvj8'],
  ])('b64encode %s', (enc, input, out) => {
    expect(b64encode(input, enc)).toBe(out);
    expect(b64decode(out, enc, 's')).toBe(input);
  });
  it('b64decode returns an ArrayBuffer by default and rejects bad input', () => {
    expect(b64decode('Zm9vYg==')).toBeInstanceOf(ArrayBuffer);
    expect(() => b64decode('Zm9vYg', 'std')).toThrow(/padded/);
    expect(() => b64decode('Zm9v*g==')).toThrow(/illegal base64/);
    expect(() => b64encode('x', 'base32')).toThrow(/unknown base64 encoding "base32"/);
  });
});
