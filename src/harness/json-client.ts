/**
 * A small JSON-over-HTTP client for the harness's own calls to the mock's control API and
 * the stack's ERP API (seeding, draining, collecting). Not the load path: the scenarios'
 * traffic goes through the runtime. Every call has a timeout and names the URL when it fails.
 */
import { Agent, request } from 'undici';

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const agent = new Agent({ connections: 16, keepAliveTimeout: 10_000 });

export async function callJson<T>(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  body?: unknown,
  opts: { timeoutMs?: number; headers?: Record<string, string>; okStatuses?: number[] } = {},
): Promise<{ status: number; body: T }> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let res;
  try {
    res = await request(url, {
      method,
      dispatcher: agent,
      headers: { 'content-type': 'application/json', ...opts.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (e) {
    throw new HttpError(`${method} ${url}: ${(e as Error).message}`, 0, '');
  }
  const text = await res.body.text();
  const ok = opts.okStatuses ?? [200, 201, 202];
  if (!ok.includes(res.statusCode)) {
    throw new HttpError(`${method} ${url}: HTTP ${res.statusCode} ${text.slice(0, 300)}`, res.statusCode, text);
  }
  try {
    return { status: res.statusCode, body: (text === '' ? undefined : JSON.parse(text)) as T };
  } catch {
    throw new HttpError(`${method} ${url}: answer is not JSON: ${text.slice(0, 200)}`, res.statusCode, text);
  }
}

export const getJson = <T>(url: string, timeoutMs?: number) => callJson<T>('GET', url, undefined, { timeoutMs }).then((r) => r.body);
