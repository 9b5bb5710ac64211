/**
 * `k6/http` for one VU. Every call returns a Promise (scripts `await` it, which real k6 also
 * accepts). Requests go through the run's HttpClient; each one emits k6's http_* samples with
 * k6's tags. A target the safety guard refuses fails like a k6 request error (status 0,
 * error_code 1111, k6's "blocked hostname" code) and is counted, so a mistyped production URL
 * shows in the summary instead of crashing the run.
 */
import { assertTargetAllowed, TargetRefusedError } from '../../../lib/safety/target-guard.ts';
import { parseDuration } from '../duration.ts';
import type { RunState } from './run-state.ts';
import type { Vu } from '../vu.ts';
import type { OutgoingRequest, RawResponse } from './http-client.ts';
import { Response, type ResponseType } from './http-response.ts';
import { PARKED } from './k6.ts';
import { moduleObject } from './module-object.ts';

const DEFAULT_TIMEOUT_MS = 60_000;
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
const DEFAULT_EXPECTED = expectedStatuses({ min: 200, max: 399 }).__peakdayExpected;

export interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: string | number;
  responseType?: ResponseType;
  redirects?: number;
  responseCallback?: ExpectedStatuses | null;
}

type Body = string | ArrayBuffer | ArrayBufferView | Record<string, unknown> | null | undefined;
/** `http.url` template result: the name tag keeps the placeholders. */
interface UrlWithName {
  url: string;
  name: string;
}
type UrlArg = string | URL | UrlWithName;

type BatchItem = string | [string, UrlArg, Body?, Params?] | { method: string; url: UrlArg; body?: Body; params?: Params };

/** Warnings already given in a run (one per kind per run, not per VU: 10,000 VUs fail alike). */
const warnedByRun = new WeakMap<RunState, Set<string>>();

export function createHttpModule(vu: Vu, run: RunState) {
  const warned = warnedByRun.get(run) ?? new Set<string>();
  warnedByRun.set(run, warned);

  function encodeBody(body: Body, headers: Record<string, string>): { buf: Buffer | null; text: string } {
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

  function checkParams(params: Params | null | undefined): void {
    if (params === null || params === undefined) return;
    if (typeof params !== 'object') throw new TypeError(`http params must be an object, got ${typeof params}`);
    for (const k of Object.keys(params)) {
      if (!PARAM_KEYS.has(k)) throw new TypeError(`unknown http param "${k}" (supported: ${[...PARAM_KEYS].join(', ')})`);
      if (UNSUPPORTED_PARAMS.has(k) && !warned.has(k)) {
        warned.add(k);
        run.log('warn', `http param "${k}" is not supported by the peakday runtime and is ignored`);
      }
    }
  }

  async function request(method: string, urlArg: UrlArg, body?: Body, params?: Params | null): Promise<Response> {
    if (vu.interruption.aborted) return PARKED;
    checkParams(params);
    const m = String(method).toUpperCase();
    const urlText = typeof urlArg === 'object' && urlArg !== null && 'name' in urlArg ? urlArg.url : String(urlArg);
    const nameTag = params?.tags?.name ?? (typeof urlArg === 'object' && urlArg !== null && 'name' in urlArg ? urlArg.name : urlText);
    const headers: Record<string, string> = { 'User-Agent': run.options.userAgent };
    for (const [k, v] of Object.entries(params?.headers ?? {})) headers[k] = String(v);
    const { buf, text } = encodeBody(body, headers);
    const responseType: ResponseType = params?.responseType ?? (run.options.discardResponseBodies ? 'none' : 'text');
    let timeoutMs = DEFAULT_TIMEOUT_MS;
    if (params?.timeout !== undefined) {
      const d = parseDuration(params.timeout);
      if (!d.ok) throw new TypeError(`http param "timeout": ${d.error}`);
      timeoutMs = d.ms;
    }
    const maxRedirects = params?.redirects ?? run.options.maxRedirects;
    const callback =
      params && 'responseCallback' in params
        ? params.responseCallback === null
          ? null
          : (params.responseCallback as ExpectedStatuses).__peakdayExpected
        : run.responseCallback;

    let url: URL | undefined;
    let raw: RawResponse;
    let currentUrl = urlText;
    let currentMethod = m;
    let currentBody = buf;
    for (let hop = 0; ; hop++) {
      raw = await sendOne(currentMethod, currentUrl, headers, currentBody, timeoutMs, responseType === 'none');
      url = safeUrl(currentUrl);
      emit(raw, currentMethod, currentUrl, hop === 0 ? nameTag : currentUrl, params?.tags, callback);
      if (raw.error || raw.status < 300 || raw.status >= 400 || hop >= maxRedirects) break;
      const loc = headerValue(raw.rawHeaders, 'location');
      if (!loc || !url) break;
      currentUrl = new URL(loc, url).toString();
      if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        currentBody = null;
      }
    }
    const res = new Response({
      status: raw.status,
      statusText: raw.statusText,
      url: currentUrl,
      rawHeaders: raw.rawHeaders,
      body: raw.body,
      responseType,
      timings: raw.timings,
      error: raw.error?.message ?? '',
      errorCode: raw.error?.code ?? 0,
      request: () => ({ method: m, url: urlText, headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])), body: text }),
    });
    if (raw.error && run.options.throw) throw new Error(`${m} ${redactUrl(urlText)}: ${raw.error.message}`);
    if (raw.error && !warned.has('err:' + raw.error.code)) {
      warned.add('err:' + raw.error.code);
      run.log('warn', `request failed: ${m} ${redactUrl(urlText)}: ${raw.error.message} (error_code ${raw.error.code})`);
    }
    return res;
  }

  async function sendOne(method: string, urlText: string, headers: Record<string, string>, body: Buffer | null, timeoutMs: number, discard: boolean): Promise<RawResponse> {
    const url = safeUrl(urlText);
    let refusal: { code: number; message: string } | undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      refusal = { code: 1020, message: `invalid URL "${urlText}"` };
    } else {
      refusal = guard(run, url);
    }
    if (refusal || !url) {
      const zero = { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 };
      return { status: 0, statusText: '', rawHeaders: [], body: Buffer.alloc(0), timings: zero, bytesSent: 0, bytesReceived: 0, error: refusal ?? { code: 1020, message: 'invalid URL' } };
    }
    const req: OutgoingRequest = { method, url, headers, body, timeoutMs, interruption: vu.interruption, discardBody: discard };
    return run.http.send(req);
  }

  // Sample tags repeat (same URL, same status) request after request: one frozen object per
  // combination, reused while the VU's own tags stay the same, instead of a new one per request.
  let tagBase: Readonly<Record<string, string>> | undefined;
  const tagCache = new Map<string, Readonly<Record<string, string>>>();

  function requestTags(raw: RawResponse, method: string, url: string, name: string, extra: Record<string, string> | undefined, expected: boolean | null): Readonly<Record<string, string>> {
    const base = vu.tags();
    if (base !== tagBase) {
      tagBase = base;
      tagCache.clear();
    }
    const key = extra ? undefined : `${method} ${raw.status} ${expected} ${raw.error?.code ?? ''} ${name === url ? '' : name}\n${url}`;
    if (key !== undefined) {
      const hit = tagCache.get(key);
      if (hit) return hit;
    }
    const tags: Record<string, string> = { ...base, proto: raw.status ? 'HTTP/1.1' : '', method, url, name, status: String(raw.status) };
    if (extra) for (const [k, v] of Object.entries(extra)) tags[k] = String(v);
    tags.name = name;
    if (raw.error) tags.error_code = String(raw.error.code);
    if (expected !== null) tags.expected_response = String(expected);
    if (key !== undefined) {
      if (tagCache.size >= 512) tagCache.clear();
      tagCache.set(key, Object.freeze(tags));
    }
    return tags;
  }

  function emit(raw: RawResponse, method: string, url: string, name: string, extra: Record<string, string> | undefined, callback: ((s: number) => boolean) | null): void {
    const expected = callback ? !raw.error && callback(raw.status) : null;
    const tags = requestTags(raw, method, url, name, extra, expected);
    const r = run.registry;
    const t = raw.timings;
    r.add('http_reqs', 1, tags);
    r.add('http_req_duration', t.duration, tags);
    r.add('http_req_blocked', t.blocked, tags);
    r.add('http_req_connecting', t.connecting, tags);
    r.add('http_req_tls_handshaking', t.tls_handshaking, tags);
    r.add('http_req_sending', t.sending, tags);
    r.add('http_req_waiting', t.waiting, tags);
    r.add('http_req_receiving', t.receiving, tags);
    if (expected !== null) r.add('http_req_failed', expected ? 0 : 1, tags);
    const base = vu.tags();
    if (raw.bytesSent) r.add('data_sent', raw.bytesSent, base);
    if (raw.bytesReceived) r.add('data_received', raw.bytesReceived, base);
  }

  async function batch(requests: BatchItem[] | Record<string, BatchItem>): Promise<Response[] | Record<string, Response>> {
    const entries: [string, BatchItem][] = Array.isArray(requests)
      ? requests.map((r, i) => [String(i), r])
      : Object.entries(requests);
    const limit = Math.max(1, run.options.batch);
    const out = new Map<string, Response>();
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const [key, item] = entries[next++] as [string, BatchItem];
        out.set(key, await runItem(item));
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker));
    if (Array.isArray(requests)) return entries.map(([k]) => out.get(k) as Response);
    return Object.fromEntries(entries.map(([k]) => [k, out.get(k) as Response]));
  }

  function runItem(item: BatchItem): Promise<Response> {
    if (typeof item === 'string') return request('GET', item);
    if (Array.isArray(item)) {
      const [method, url, body, params] = item;
      return request(method, url, body, params);
    }
    if (typeof item === 'object' && item !== null) return request(item.method ?? 'GET', item.url, item.body, item.params);
    throw new TypeError(`http.batch: invalid request ${JSON.stringify(item)}`);
  }

  const mod = {
    request,
    asyncRequest: request,
    get: (url: UrlArg, params?: Params) => request('GET', url, null, params),
    head: (url: UrlArg, params?: Params) => request('HEAD', url, null, params),
    post: (url: UrlArg, body?: Body, params?: Params) => request('POST', url, body, params),
    put: (url: UrlArg, body?: Body, params?: Params) => request('PUT', url, body, params),
    patch: (url: UrlArg, body?: Body, params?: Params) => request('PATCH', url, body, params),
    del: (url: UrlArg, body?: Body, params?: Params) => request('DELETE', url, body, params),
    options: (url: UrlArg, body?: Body, params?: Params) => request('OPTIONS', url, body, params),
    batch,
    expectedStatuses,
    setResponseCallback(cb: ExpectedStatuses | null): void {
      run.responseCallback = cb === null ? null : cb.__peakdayExpected;
    },
    url(strings: TemplateStringsArray, ...values: unknown[]): UrlWithName {
      let url = '';
      let name = '';
      strings.forEach((s, i) => {
        url += s;
        name += s;
        if (i < values.length) {
          url += String(values[i]);
          name += '${}';
        }
      });
      return { url, name };
    },
    file(data: string | ArrayBuffer, filename?: string, contentType?: string) {
      return { data, filename: filename ?? 'file', content_type: contentType ?? 'application/octet-stream' };
    },
  };
  return moduleObject(mod);
}

export { DEFAULT_EXPECTED };

/**
 * The safety guard's verdict per origin, cached per run: the guard parses the URL and checks
 * the host, which is the same answer for every request to an origin.
 */
const verdicts = new WeakMap<RunState, Map<string, { code: number; message: string } | null>>();
function guard(run: RunState, url: URL): { code: number; message: string } | undefined {
  let byOrigin = verdicts.get(run);
  if (!byOrigin) verdicts.set(run, (byOrigin = new Map()));
  const cached = byOrigin.get(url.origin);
  if (cached !== undefined) return cached ?? undefined;
  let verdict: { code: number; message: string } | null = null;
  try {
    assertTargetAllowed(url.href, run.allowRemote);
  } catch (e) {
    if (!(e instanceof TargetRefusedError)) throw e;
    verdict = { code: 1111, message: e.message };
  }
  if (byOrigin.size < 10_000) byOrigin.set(url.origin, verdict);
  return verdict ?? undefined;
}

/** Query values that may be credentials, masked in anything the runtime logs. */
const SECRET_PARAM = /token|secret|passw|sign|auth|key|session/i;
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((kv) => {
      const eq = kv.indexOf('=');
      return eq !== -1 && SECRET_PARAM.test(kv.slice(0, eq)) ? `${kv.slice(0, eq)}=***` : kv;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

function safeUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function headerValue(raw: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) if ((raw[i] as string).toLowerCase() === name) return raw[i + 1];
  return undefined;
}
