/**
 * HMAC-SHA256 (RFC 2104) as two calls of node's one-shot `crypto.hash`:
 *
 *   K      = secret (UTF-8), hashed first when longer than 64 bytes, zero-padded to 64 bytes
 *   inner  = SHA256((K xor 0x36...) || message)
 *   hmac   = SHA256((K xor 0x5c...) || inner)
 *
 * The same bytes as `createHmac('sha256', secret)`, for about two thirds of its time: each
 * createHmac makes an Hmac object (a stream, a native handle the GC must track), where
 * `crypto.hash` makes none. It is paid on every signed call the mock verifies and every call
 * the stack signs. The pads are kept for the last secret used (each side signs with one app
 * secret all day).
 */
import { hash } from 'node:crypto';

const BLOCK = 64;

interface Pads {
  secret: string;
  /** K xor 0x36 as a string whose UTF-8 is those bytes, when every byte is ASCII (then the
   * message is appended to it as a string, with no buffer); else the bytes. */
  inner: string | Buffer;
  /** K xor 0x5c, one character per byte (latin1). */
  outer: string;
}

let last: Pads | undefined;

function padsOf(secret: string): Pads {
  if (last?.secret === secret) return last;
  let key = Buffer.from(secret, 'utf8');
  if (key.length > BLOCK) key = hash('sha256', key, 'buffer');
  const block = Buffer.alloc(BLOCK);
  key.copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36));
  const opad = Buffer.from(block.map((b) => b ^ 0x5c));
  const ascii = ipad.every((b) => b < 0x80);
  const pads: Pads = { secret, inner: ascii ? ipad.toString('latin1') : ipad, outer: opad.toString('latin1') };
  last = pads;
  return pads;
}

/** Lower-case hex HMAC-SHA256 of `message` (UTF-8) under `secret` (UTF-8). */
export function hmacSha256Hex(secret: string, message: string): string {
  const pads = padsOf(secret);
  const innerInput = typeof pads.inner === 'string' ? pads.inner + message : Buffer.concat([pads.inner, Buffer.from(message, 'utf8')]);
  const inner = hash('sha256', innerInput, 'binary'); // 'binary' is latin1: one character per byte
  return hash('sha256', Buffer.from(pads.outer + inner, 'latin1'), 'hex');
}
