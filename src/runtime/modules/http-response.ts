/**
 * k6's Response object: status, body, headers (canonical names), timings, error, error_code,
 * and json(selector?). The selector is a dotted path (`items.0.id`, `#` for an array's length),
 * the subset of gjson paths k6 scripts use in practice.
 */
import type { HttpTimings } from './http-client.ts';

export type ResponseType = 'text' | 'binary' | 'none';

export interface ResponseRequest {
  method: string;
  url: string;
  headers: Record<string, string[]>;
  body: string;
}

/** Go's textproto canonical form: "content-type" -> "Content-Type". */
export function canonicalHeaderKey(k: string): string {
  return k.toLowerCase().replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

export class Response {
  status: number;
  status_text: string;
  proto = 'HTTP/1.1';
  url: string;
  timings: HttpTimings;
  error: string;
  error_code: number;
  remote_ip = '';
  remote_port = 0;
  cookies: Record<string, unknown[]> = {};
  private parsed: unknown;
  private parsedOk = false;
  // headers, body and request are built on first access: most scripts read only the status,
  // and decoding every body and header name would cost the hot path for nothing
  private readonly raw: { headers: Buffer[]; body: Buffer; type: ResponseType; request: () => ResponseRequest };
  private headersCache: Record<string, string> | undefined;
  private bodyCache: string | ArrayBuffer | null | undefined;
  private requestCache: ResponseRequest | undefined;

  constructor(init: {
    status: number;
    statusText: string;
    url: string;
    /** As received: flat [name, value, ...], latin1 bytes. */
    rawHeaders: Buffer[];
    body: Buffer;
    responseType: ResponseType;
    timings: HttpTimings;
    error: string;
    errorCode: number;
    request: () => ResponseRequest;
  }) {
    this.status = init.status;
    this.status_text = init.status === 0 ? '' : `${init.status} ${init.statusText}`;
    this.url = init.url;
    this.raw = { headers: init.rawHeaders, body: init.body, type: init.responseType, request: init.request };
    this.timings = init.timings;
    this.error = init.error;
    this.error_code = init.errorCode;
  }

  get headers(): Record<string, string> {
    if (this.headersCache) return this.headersCache;
    const headers: Record<string, string> = {};
    const raw = this.raw.headers;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const k = canonicalHeaderKey((raw[i] as Buffer).toString('latin1'));
      const v = (raw[i + 1] as Buffer).toString('latin1');
      headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
    }
    this.headersCache = headers;
    return headers;
  }
  set headers(v: Record<string, string>) {
    this.headersCache = v;
  }

  get body(): string | ArrayBuffer | null {
    if (this.bodyCache !== undefined) return this.bodyCache;
    const b = this.raw.body;
    if (this.raw.type === 'none') this.bodyCache = null;
    else if (this.raw.type === 'binary') this.bodyCache = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    else this.bodyCache = b.toString('utf8');
    return this.bodyCache;
  }
  set body(v: string | ArrayBuffer | null) {
    this.bodyCache = v;
  }

  get request(): ResponseRequest {
    return (this.requestCache ??= this.raw.request());
  }

  /** Parses the body as JSON (once), optionally returning the value at a dotted path. */
  json(selector?: string): unknown {
    if (!this.parsedOk) {
      if (this.body === null) throw new Error('the body is null so we can\'t transform it to JSON - this likely was because of a request error getting the response');
      const text = typeof this.body === 'string' ? this.body : Buffer.from(this.body).toString('utf8');
      try {
        this.parsed = JSON.parse(text);
      } catch (e) {
        throw new Error(`cannot parse json due to an error: ${(e as Error).message}`);
      }
      this.parsedOk = true;
    }
    if (selector === undefined || selector === '') return this.parsed;
    return selectPath(this.parsed, selector);
  }

  html(): never {
    throw new Error('Response.html() is not supported by the peakday runtime (k6/html is not implemented)');
  }
}

/** `a.b.0.c` path lookup; `#` on an array gives its length; a miss gives undefined (k6: null). */
export function selectPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur)) {
      if (part === '#') cur = cur.length;
      else cur = /^\d+$/.test(part) ? cur[Number(part)] : undefined;
    } else if (typeof cur === 'object') {
      cur = (cur as Record<string, unknown>)[part];
    } else return undefined;
  }
  return cur;
}
