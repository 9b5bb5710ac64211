/**
 * What a `k6/http` call takes: the params object (checked against k6's keys), request bodies
 * (a plain object is sent as an urlencoded form, as k6 does), URLs and `http.url` templates,
 * batch items, and `http.expectedStatuses`.
 */
import type { ResponseType } from './http-response.ts';

const PARAM_KEYS = new Set(['headers', 'tags', 'timeout', 'responseType', 'redirects', 'responseCallback', 'auth', 'cookies', 'jar', 'compression']);
const UNSUPPORTED_PARAMS = new Set(['auth', 'cookies', 'jar', 'compression']);

/** What http.expectedStatuses returns: opaque to scripts, a predicate to us. */
export interface ExpectedStatuses {
  readonly __peakdayExpected: (status: number) => boolean;
}
type StatusRange = number | { min: number; max: number };

export function expectedStatuses(...specs: StatusRange[]): ExpectedStatuses {
  for (const s of specs) {
    const ok =
      (typeof s === 'number' && Number.isInteger(s)) ||
      (typeof s === 'object' && s !== null && Number.isInteger(s.min) && Number.isInteger(s.max));
    if (!ok) throw new Error(`expectedStatuses: each argument must be an integer status or {min, max}, got ${JSON.stringify(s)}`);
  }
  return {
    __peakdayExpected: (status) => specs.some((s) => (typeof s === 'number' ? status === s : status >= s.min && status <= s.max)),
  };
}

/** k6's default: 200–399 is an expected response. */
export const DEFAULT_EXPECTED = expectedStatuses({ min: 200, max: 399 }).__peakdayExpected;

export interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: string | number;
  responseType?: ResponseType;
  redirects?: number;
  responseCallback?: ExpectedStatuses | null;
}

export type Body = string | ArrayBuffer | ArrayBufferView | Record<string, unknown> | null | undefined;
/** `http.url` template result: the name tag keeps the placeholders. */
export interface UrlWithName {
  url: string;
  name: string;
}
export type UrlArg = string | URL | UrlWithName;

export type BatchItem = string | [string, UrlArg, Body?, Params?] | { method: string; url: UrlArg; body?: Body; params?: Params };

/**
 * Rejects params k6 does not know (a typo must not be ignored); `unsupported` is told once per
 * key k6 knows but this runtime ignores.
 */
export function checkParams(params: Params | null | undefined, unsupported: (key: string) => void): void {
  if (params === null || params === undefined) return;
  if (typeof params !== 'object') throw new TypeError(`http params must be an object, got ${typeof params}`);
  for (const k of Object.keys(params)) {
    if (!PARAM_KEYS.has(k)) throw new TypeError(`unknown http param "${k}" (supported: ${[...PARAM_KEYS].join(', ')})`);
    if (UNSUPPORTED_PARAMS.has(k)) unsupported(k);
  }
}

/** The body's bytes and its text (for `res.request.body`); a form body sets its content type. */
export function encodeBody(body: Body, headers: Record<string, string>): { buf: Buffer | null; text: string } {
  if (body === null || body === undefined) return { buf: null, text: '' };
  if (typeof body === 'string') return { buf: Buffer.from(body), text: body };
  if (body instanceof ArrayBuffer) return { buf: Buffer.from(body), text: '' };
  if (ArrayBuffer.isView(body)) return { buf: Buffer.from(body.buffer, body.byteOffset, body.byteLength), text: '' };
  // k6: a plain object is sent as an urlencoded form
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) form.append(k, String(v));
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const text = form.toString();
  return { buf: Buffer.from(text), text };
}
