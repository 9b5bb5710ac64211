/**
 * `k6/encoding`: b64encode/b64decode with k6's four alphabets: 'std' (padded), 'rawstd'
 * (unpadded), 'url' (URL-safe, padded), 'rawurl' (URL-safe, unpadded). b64decode returns an
 * ArrayBuffer, or a string when the format argument is 's'. Stateless, shared by every VU.
 */
import { moduleObject } from './module-object.ts';

type Variant = 'std' | 'rawstd' | 'url' | 'rawurl';

function toBuf(d: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (d instanceof ArrayBuffer) return Buffer.from(d);
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

function variant(v: string | undefined): Variant {
  const x = v ?? 'std';
  if (x !== 'std' && x !== 'rawstd' && x !== 'url' && x !== 'rawurl') throw new Error(`k6/encoding: unknown base64 encoding "${x}" (std, rawstd, url, rawurl)`);
  return x;
}

export function b64encode(input: string | ArrayBuffer | ArrayBufferView, encoding?: string): string {
  const v = variant(encoding);
  const b = toBuf(input);
  if (v === 'std') return b.toString('base64');
  if (v === 'rawstd') return b.toString('base64').replace(/=+$/, '');
  const u = b.toString('base64url');
  return v === 'rawurl' ? u : u + '='.repeat((4 - (u.length % 4)) % 4);
}

export function b64decode(input: string, encoding?: string, format?: 's'): ArrayBuffer | string {
  const v = variant(encoding);
  const s = String(input);
  const alphabet = v === 'std' || v === 'rawstd' ? /^[A-Za-z0-9+/]*={0,2}$/ : /^[A-Za-z0-9\-_]*={0,2}$/;
  if (!alphabet.test(s)) throw new Error(`k6/encoding: illegal base64 data for encoding "${v}"`);
  if ((v === 'rawstd' || v === 'rawurl') && s.includes('=')) throw new Error(`k6/encoding: padding not allowed with "${v}"`);
  if ((v === 'std' || v === 'url') && s.length % 4 !== 0) throw new Error(`k6/encoding: illegal base64 data (length ${s.length} is not padded to a multiple of 4)`);
  const b = Buffer.from(s, v === 'std' || v === 'rawstd' ? 'base64' : 'base64url');
  if (format === 's') return b.toString('utf8');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

const mod = { b64encode, b64decode };
export const encodingModule = moduleObject(mod);
