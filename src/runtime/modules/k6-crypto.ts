/**
 * `k6/crypto`: hashes and HMACs over node:crypto, with k6's output encodings ('hex',
 * 'base64', 'base64url', 'base64rawurl', 'binary' = ArrayBuffer). Stateless: one instance
 * serves every VU.
 */
import { createHash, createHmac, getHashes, randomBytes as nodeRandomBytes } from 'node:crypto';
import { moduleObject } from './module-object.ts';

type Data = string | ArrayBuffer | ArrayBufferView;
type Encoding = 'hex' | 'base64' | 'base64url' | 'base64rawurl' | 'binary';

const ALG: Readonly<Record<string, string>> = {
  md4: 'md4',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha512_224: 'sha512-224',
  sha512_256: 'sha512-256',
  'sha512-224': 'sha512-224',
  'sha512-256': 'sha512-256',
  ripemd160: 'ripemd160',
};

function alg(name: string): string {
  const a = ALG[String(name).toLowerCase()];
  if (!a || !getHashes().includes(a)) throw new Error(`k6/crypto: unsupported hash algorithm "${name}"`);
  return a;
}

function toBuf(d: Data): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (d instanceof ArrayBuffer) return Buffer.from(d);
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  throw new TypeError(`k6/crypto: data must be a string or ArrayBuffer, got ${typeof d}`);
}

function out(buf: Buffer, enc: Encoding | undefined): string | ArrayBuffer {
  switch (enc ?? 'binary') {
    case 'hex':
      return buf.toString('hex');
    case 'base64':
      return buf.toString('base64');
    case 'base64url':
      return buf.toString('base64url') + '='.repeat((4 - (buf.toString('base64url').length % 4)) % 4);
    case 'base64rawurl':
      return buf.toString('base64url');
    case 'binary':
      return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    default:
      throw new Error(`k6/crypto: unsupported output encoding "${String(enc)}"`);
  }
}

class Hasher {
  private readonly h;
  constructor(algorithm: string, secret?: Data) {
    this.h = secret === undefined ? createHash(alg(algorithm)) : createHmac(alg(algorithm), toBuf(secret));
  }
  update(data: Data, _inputEncoding?: string): void {
    this.h.update(toBuf(data));
  }
  digest(enc?: Encoding): string | ArrayBuffer {
    return out(this.h.digest(), enc);
  }
}

const hash = (a: string) => (data: Data, enc?: Encoding) => out(createHash(alg(a)).update(toBuf(data)).digest(), enc);

const mod = {
  hmac: (algorithm: string, secret: Data, data: Data, enc?: Encoding) => out(createHmac(alg(algorithm), toBuf(secret)).update(toBuf(data)).digest(), enc),
  createHash: (algorithm: string) => new Hasher(algorithm),
  createHMAC: (algorithm: string, secret: Data) => new Hasher(algorithm, secret),
  md4: hash('md4'),
  md5: hash('md5'),
  sha1: hash('sha1'),
  sha256: hash('sha256'),
  sha384: hash('sha384'),
  sha512: hash('sha512'),
  sha512_224: hash('sha512-224'),
  sha512_256: hash('sha512-256'),
  ripemd160: hash('ripemd160'),
  randomBytes: (n: number) => {
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`randomBytes: size must be a whole number >= 0, got ${n}`);
    const b = nodeRandomBytes(n);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
  },
};

export const cryptoModule = moduleObject(mod);
