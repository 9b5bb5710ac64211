/**
 * TikTok Shop Open API request signature (v2, "202309" style) and webhook signature.
 *
 * Shared by both sides: the mock verifies request signatures and signs the webhooks it sends;
 * the stack signs its requests and verifies the webhooks it receives. One implementation, so
 * a bug cannot hide by being mirrored on both sides — the official vector pins it.
 *
 * Request signature grammar:
 *   params   = every query param except `sign` and `access_token`, sorted by key (byte order)
 *   joined   = concat over params of key + value      (values percent-decoded, lists comma-joined)
 *   message  = path + joined + body                    (body omitted for multipart/form-data)
 *   sign     = hex(HMAC-SHA256(key = secret, secret + message + secret))
 *
 * Webhook signature:
 *   Authorization = hex(HMAC-SHA256(key = secret, appKey + rawBody))
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { hmacSha256Hex } from '../crypto/hmac-sha256.ts';

export type QueryValue = string | number | readonly (string | number)[];

export interface SignInput {
  /** Request path, without query string, e.g. `/authorization/202309/shops`. */
  path: string;
  /** Decoded query params; `sign` and `access_token` are ignored if present. */
  query: Readonly<Record<string, QueryValue | undefined>>;
  /** Raw request body as sent on the wire; empty for GET. */
  body?: string | Buffer;
  /** Content type of the request; multipart bodies are not signed. */
  contentType?: string;
}

function joinValue(v: QueryValue): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

/** The string that is HMAC'd, before wrapping with the secret. */
export function signatureBase(input: SignInput): string {
  const q = input.query;
  const keys = Object.keys(q).sort();
  let s = input.path;
  for (const k of keys) {
    const v = q[k];
    if (v !== undefined && k !== 'sign' && k !== 'access_token') s += k + joinValue(v);
  }
  const multipart = input.contentType?.toLowerCase().startsWith('multipart/form-data') ?? false;
  if (!multipart && input.body !== undefined && input.body.length > 0) s += input.body.toString();
  return s;
}

/** Lower-case hex signature of a request. */
export function signRequest(input: SignInput, appSecret: string): string {
  return hmacSha256Hex(appSecret, appSecret + signatureBase(input) + appSecret);
}

/** Lower-case hex `Authorization` value of a webhook body. */
export function signWebhook(appKey: string, appSecret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', appSecret).update(appKey).update(rawBody).digest('hex');
}

/** Constant-time comparison of two hex signatures; false on any length or format mismatch. */
export function signaturesEqual(expected: string, given: string | undefined): boolean {
  if (given === undefined || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given.toLowerCase()));
}
