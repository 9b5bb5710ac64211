/**
 * `k6/http` for one VU. Every call returns a Promise (scripts `await` it, which real k6 also
 * accepts). Requests go through the run's HttpClient (http-requester.ts); each one emits k6's
 * http_* samples with k6's tags (http-samples.ts).
 */
import type { Vu } from '../vu.ts';
import { expectedStatuses, type BatchItem, type Body, type ExpectedStatuses, type Params, type UrlArg, type UrlWithName } from './http-params.ts';
import { HttpRequester } from './http-requester.ts';
import { moduleObject } from './module-object.ts';
import type { RunState } from './run-state.ts';

export function createHttpModule(vu: Vu, run: RunState) {
  const http = new HttpRequester(vu, run);
  const request = (method: string, url: UrlArg, body?: Body, params?: Params | null) => http.request(method, url, body, params);
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
    batch: (requests: BatchItem[] | Record<string, BatchItem>) => http.batch(requests),
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
