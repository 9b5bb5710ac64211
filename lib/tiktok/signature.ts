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

/**
 * The keys of `q` in code-unit order, as `sort()` orders them: an insertion sort, a quarter of
 * sort()'s time on the handful of keys a query has (it runs for every signed call).
 */
function sortedKeys(q: object): string[] {
  const keys = Object.keys(q);
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > k; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = k;
  }
  return keys;
}

/** The string that is HMAC'd, before wrapping with the secret. */
export function signatureBase(input: SignInput): string {
  const q = input.query;
  const keys = sortedKeys(q);
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

/** Where signaturesEqual writes a signature (64 hex characters) and its candidate: no allocation per call. */
const SCRATCH = Buffer.alloc(128);
const EXPECTED_BYTES = SCRATCH.subarray(0, 64);
const GIVEN_BYTES = SCRATCH.subarray(64);

/**
 * Constant-time comparison of two hex signatures, the given one in either case; false on any
 * length or format mismatch (a character outside ASCII included).
 */
export function signaturesEqual(expected: string, given: string | undefined): boolean {
  if (given === undefined || given.length !== expected.length) return false;
  const lower = given.toLowerCase();
  if (expected.length !== 64) {
    const a = Buffer.from(expected);
    const b = Buffer.from(lower);
    return a.length === b.length && timingSafeEqual(a, b);
  }
  // 64 characters fill the 64 bytes in UTF-8 only when every one of them is ASCII.
  if (EXPECTED_BYTES.write(expected, 'utf8') !== 64 || GIVEN_BYTES.write(lower, 'utf8') !== 64) return false;
  return timingSafeEqual(EXPECTED_BYTES, GIVEN_BYTES);
}
