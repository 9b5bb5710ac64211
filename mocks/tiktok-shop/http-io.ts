/**
 * The mock's wire plumbing: query parsing and the envelope writer (the body reader is lib/http's).
 * Kept apart from the pipeline so the hot path stays readable and each piece is tested alone.
 */
import type { ServerResponse } from 'node:http';
import { TikTokError } from './errors.ts';

export type Query = Record<string, string>;

/**
 * Query-string grammar (URLSearchParams semantics, which is what clients build with):
 *   query = "" | pair ("&" pair)*
 *   pair  = key ["=" value]            a missing "=" gives the empty value
 *   key, value: percent-decoded, "+" decodes to a space
 * A key given more than once keeps every value, comma-joined in order: TikTok signs list
 * values comma-joined (`ids=a,b`), so `ids=a&ids=b` signs the same as `ids=a,b`.
 * A malformed escape (`%zz`) makes the whole query invalid (36009004), never a crash.
 */
export function parseQuery(raw: string): Query {
  // A plain object stays in V8's fast mode (Object.create(null) would not); "__proto__" is the
  // one key that could not be stored as data, so it is dropped (TikTok defines no such param).
  const out: Query = {};
  if (raw.length === 0) return out;
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf('&', start);
    if (end === -1) end = raw.length;
    if (end > start) {
      const eq = raw.indexOf('=', start);
      const hasEq = eq !== -1 && eq < end;
      const k = decodePart(raw.slice(start, hasEq ? eq : end));
      const v = hasEq ? decodePart(raw.slice(eq + 1, end)) : '';
      if (k !== '__proto__') {
        const prev = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
        out[k] = prev === undefined ? v : `${prev},${v}`;
      }
    }
    start = end + 1;
  }
  return out;
}

function decodePart(s: string): string {
  if (s.indexOf('%') === -1 && s.indexOf('+') === -1) return s;
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new TikTokError('INVALID_PARAM', `malformed percent-escape in query: "${s}"`);
  }
}

let seq = 0;
const PREFIX = `${Date.now().toString(16).toUpperCase()}MOCK`;

/** TikTok-looking request ids: unique per process, cheap (no randomness on the hot path). */
export function nextRequestId(): string {
  seq = (seq + 1) % 0x1_0000_0000;
  return PREFIX + seq.toString(16).toUpperCase().padStart(8, '0');
}

/** The envelope every answer of the platform is: `{code, message, request_id, data}`. */
export function envelopeJson(code: number, message: string, requestId: string, data: unknown): string {
  // The text JSON.stringify writes for the whole object, with the fixed keys written by hand
  // (a third less time per answer than stringifying the object).
  return `{"code":${code},"message":${JSON.stringify(message)},"request_id":${JSON.stringify(requestId)},"data":${JSON.stringify(data ?? {})}}`;
}

/** Writes the envelope; `close` asks the client to drop the connection. */
export function writeEnvelope(
  res: ServerResponse,
  http: number,
  code: number,
  message: string,
  requestId: string,
  data: unknown,
  close = false,
): void {
  const body = envelopeJson(code, message, requestId, data);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  };
  if (close) headers.connection = 'close';
  res.writeHead(http, headers);
  res.end(body);
}

/** Plain JSON (the /__mock/ observation routes that answer big documents use it too). */
export function writeJson(res: ServerResponse, http: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(http, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
