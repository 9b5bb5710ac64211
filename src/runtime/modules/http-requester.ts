/**
 * One VU's HTTP requests for `k6/http`: params resolved the way k6 resolves them, the target
 * checked by the safety guard, redirects followed, a sample per hop, the response wrapped as
 * k6's Response. A target the guard refuses fails like a k6 request error (status 0,
 * error_code 1111, k6's "blocked hostname" code) and is counted, so a mistyped production URL
 * shows in the summary instead of crashing the run.
 */
import { assertTargetAllowed, TargetRefusedError } from '../../../lib/safety/target-guard.ts';
import { parseDuration } from '../duration.ts';
import type { Vu } from '../vu.ts';
import type { OutgoingRequest, RawResponse } from './http-client.ts';
import { checkParams, encodeBody, type BatchItem, type Body, type ExpectedStatuses, type Params, type UrlArg } from './http-params.ts';
import { Response, type ResponseRequest, type ResponseType } from './http-response.ts';
import { HttpSamples } from './http-samples.ts';
import { PARKED } from './k6.ts';
import type { RunState } from './run-state.ts';

const DEFAULT_TIMEOUT_MS = 60_000;

/** A request as the script asked for it, with k6's defaults filled in. */
interface ResolvedRequest {
  method: string;
  urlText: string;
  nameTag: string;
  headers: Record<string, string>;
  body: Buffer | null;
  bodyText: string;
  responseType: ResponseType;
  timeoutMs: number;
  maxRedirects: number;
  callback: ((status: number) => boolean) | null;
  tags: Record<string, string> | undefined;
}

/** Warnings already given in a run (one per kind per run, not per VU: 10,000 VUs fail alike). */
const warnedByRun = new WeakMap<RunState, Set<string>>();

export class HttpRequester {
  private readonly warned: Set<string>;
  private readonly samples: HttpSamples;

  constructor(
    private readonly vu: Vu,
    private readonly run: RunState,
  ) {
    this.warned = warnedByRun.get(run) ?? new Set<string>();
    warnedByRun.set(run, this.warned);
    this.samples = new HttpSamples(vu, run);
  }

  async request(method: string, urlArg: UrlArg, body?: Body, params?: Params | null): Promise<Response> {
    if (this.vu.interruption.aborted) return PARKED;
    checkParams(params, (k) => this.warnOnce(k, `http param "${k}" is not supported by the peakday runtime and is ignored`));
    const req = this.resolve(method, urlArg, body, params);
    // the first hop inline: an async helper per request would cost a promise and its turns
    let raw = await this.sendOne(req.method, req.urlText, req.headers, req.body, req.timeoutMs, req.responseType === 'none');
    this.samples.emit(raw, req.method, req.urlText, req.nameTag, req.tags, req.callback);
    let finalUrl = req.urlText;
    if (isRedirect(raw) && req.maxRedirects > 0) ({ raw, finalUrl } = await this.followRedirects(req, raw));
    const res = new Response({
      status: raw.status,
      statusText: raw.statusText,
      url: finalUrl,
      rawHeaders: raw.rawHeaders,
      body: raw.body,
      responseType: req.responseType,
      timings: raw.timings,
      error: raw.error?.message ?? '',
      errorCode: raw.error?.code ?? 0,
      request: requestView(req),
    });
    if (raw.error && this.run.options.throw) throw new Error(`${req.method} ${redactUrl(req.urlText)}: ${raw.error.message}`);
    if (raw.error) this.warnOnce(`err:${raw.error.code}`, `request failed: ${req.method} ${redactUrl(req.urlText)}: ${raw.error.message} (error_code ${raw.error.code})`);
    return res;
  }

  /** Runs the requests `options.batch` at a time; answers in the shape asked (array or object). */
  async batch(requests: BatchItem[] | Record<string, BatchItem>): Promise<Response[] | Record<string, Response>> {
    const entries: [string, BatchItem][] = Array.isArray(requests)
      ? requests.map((r, i) => [String(i), r])
      : Object.entries(requests);
    const limit = Math.max(1, this.run.options.batch);
    const out = new Map<string, Response>();
    let next = 0;
    const worker = async () => {
      while (next < entries.length) {
        const [key, item] = entries[next++] as [string, BatchItem];
        out.set(key, await this.runItem(item));
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, entries.length) }, worker));
    if (Array.isArray(requests)) return entries.map(([k]) => out.get(k) as Response);
    return Object.fromEntries(entries.map(([k]) => [k, out.get(k) as Response]));
  }

  private runItem(item: BatchItem): Promise<Response> {
    if (typeof item === 'string') return this.request('GET', item);
    if (Array.isArray(item)) {
      const [method, url, body, params] = item;
      return this.request(method, url, body, params);
    }
    if (typeof item === 'object' && item !== null) return this.request(item.method ?? 'GET', item.url, item.body, item.params);
    throw new TypeError(`http.batch: invalid request ${JSON.stringify(item)}`);
  }

  private resolve(method: string, urlArg: UrlArg, body: Body, params: Params | null | undefined): ResolvedRequest {
    const m = String(method).toUpperCase();
    const named = typeof urlArg === 'object' && urlArg !== null && 'name' in urlArg ? urlArg : undefined;
    const urlText = named ? named.url : String(urlArg);
    const nameTag = params?.tags?.name ?? (named ? named.name : urlText);
    const headers: Record<string, string> = { 'User-Agent': this.run.options.userAgent };
    for (const [k, v] of Object.entries(params?.headers ?? {})) headers[k] = String(v);
    const { buf, text } = encodeBody(body, headers);
    const responseType: ResponseType = params?.responseType ?? (this.run.options.discardResponseBodies ? 'none' : 'text');
    let timeoutMs = DEFAULT_TIMEOUT_MS;
    if (params?.timeout !== undefined) {
      const d = parseDuration(params.timeout);
      if (!d.ok) throw new TypeError(`http param "timeout": ${d.error}`);
      timeoutMs = d.ms;
    }
    const callback =
      params && 'responseCallback' in params
        ? params.responseCallback === null
          ? null
          : (params.responseCallback as ExpectedStatuses).__peakdayExpected
        : this.run.responseCallback;
    return {
      method: m, urlText, nameTag, headers, body: buf, bodyText: text, responseType, timeoutMs,
      maxRedirects: params?.redirects ?? this.run.options.maxRedirects, callback, tags: params?.tags,
    };
  }

  /** Follows redirects after the first hop up to the limit, as k6 does (303, and 301/302 after a POST, become GET). */
  private async followRedirects(req: ResolvedRequest, first: RawResponse): Promise<{ raw: RawResponse; finalUrl: string }> {
    let raw = first;
    let currentUrl = req.urlText;
    let currentMethod = req.method;
    let currentBody = req.body;
    for (let hop = 1; hop <= req.maxRedirects && isRedirect(raw); hop++) {
      const loc = headerValue(raw.rawHeaders, 'location');
      const url = targetOf(this.run, currentUrl).url;
      if (!loc || !url) break;
      currentUrl = new URL(loc, url).toString();
      if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && currentMethod === 'POST')) {
        currentMethod = 'GET';
        currentBody = null;
      }
      raw = await this.sendOne(currentMethod, currentUrl, req.headers, currentBody, req.timeoutMs, req.responseType === 'none');
      this.samples.emit(raw, currentMethod, currentUrl, currentUrl, req.tags, req.callback);
    }
    return { raw, finalUrl: currentUrl };
  }

  /** Not async: the client's promise is handed on as it is, without a wrapping promise's extra turns. */
  private sendOne(method: string, urlText: string, headers: Record<string, string>, body: Buffer | null, timeoutMs: number, discard: boolean): Promise<RawResponse> {
    const target = targetOf(this.run, urlText);
    if (target.refusal) {
      const zero = { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 };
      return Promise.resolve({ status: 0, statusText: '', rawHeaders: [], body: Buffer.alloc(0), timings: zero, bytesSent: 0, bytesReceived: 0, error: target.refusal });
    }
    const req: OutgoingRequest = { method, origin: target.origin, path: target.path, headers, body, timeoutMs, interruption: this.vu.interruption, discardBody: discard };
    return this.run.http.send(req);
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.run.log('warn', message);
  }
}

/** A URL as the client sends to it, or why it is not sent (k6's error code and message). */
interface Target {
  url: URL | undefined;
  origin: string;
  path: string;
  refusal: { code: number; message: string } | undefined;
}

/**
 * Targets by URL text, cached per run: scripts send to the same URLs request after request, and
 * parsing the URL, reading its origin, path and query and asking the guard cost more than the
 * rest of a request's bookkeeping. Bounded: a run of ever-new URLs (ids in paths) starts over.
 */
const targets = new WeakMap<RunState, Map<string, Target>>();
function targetOf(run: RunState, urlText: string): Target {
  let byText = targets.get(run);
  if (!byText) targets.set(run, (byText = new Map()));
  let t = byText.get(urlText);
  if (t) return t;
  const url = safeUrl(urlText);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    t = { url, origin: '', path: '', refusal: { code: 1020, message: `invalid URL "${urlText}"` } };
  } else {
    t = { url, origin: url.origin, path: url.pathname + url.search, refusal: guard(run, url) };
  }
  if (byText.size >= 10_000) byText.clear();
  byText.set(urlText, t);
  return t;
}

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

/**
 * Response.request, built when read. A function returning the closure, not an arrow in the
 * object literal: tsx keeps names, with an Object.defineProperty per named closure made.
 */
function requestView(req: ResolvedRequest): () => ResponseRequest {
  return () => ({ method: req.method, url: req.urlText, headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, [v]])), body: req.bodyText });
}

/** A response that may be followed: a 3xx, not an error. */
function isRedirect(raw: RawResponse): boolean {
  return !raw.error && raw.status >= 300 && raw.status < 400;
}

function headerValue(raw: Buffer[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) if ((raw[i] as Buffer).toString('latin1').toLowerCase() === name) return (raw[i + 1] as Buffer).toString('latin1');
  return undefined;
}
