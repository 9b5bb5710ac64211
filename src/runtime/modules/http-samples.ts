/**
 * The samples one request leaves, with k6's names and tags: http_reqs, http_req_duration and
 * its phases, http_req_failed (when a response callback applies), data_sent/data_received.
 *
 * Sample tags repeat (same URL, same status) request after request: one frozen object per
 * combination, reused while the VU's own tags stay the same, instead of a new one per request.
 */
import type { Vu } from '../vu.ts';
import type { RawResponse } from './http-client.ts';
import type { RunState } from './run-state.ts';

export class HttpSamples {
  private tagBase: Readonly<Record<string, string>> | undefined;
  private readonly tagCache = new Map<string, Readonly<Record<string, string>>>();

  constructor(
    private readonly vu: Vu,
    private readonly run: RunState,
  ) {}

  emit(raw: RawResponse, method: string, url: string, name: string, extra: Record<string, string> | undefined, callback: ((s: number) => boolean) | null): void {
    const expected = callback ? !raw.error && callback(raw.status) : null;
    const tags = this.requestTags(raw, method, url, name, extra, expected);
    const r = this.run.registry;
    const t = raw.timings;
    // one time for all of a request's samples, as k6 stamps its request trail's samples with one time
    const now = Date.now();
    r.add('http_reqs', 1, tags, now);
    r.add('http_req_duration', t.duration, tags, now);
    r.add('http_req_blocked', t.blocked, tags, now);
    r.add('http_req_connecting', t.connecting, tags, now);
    r.add('http_req_tls_handshaking', t.tls_handshaking, tags, now);
    r.add('http_req_sending', t.sending, tags, now);
    r.add('http_req_waiting', t.waiting, tags, now);
    r.add('http_req_receiving', t.receiving, tags, now);
    if (expected !== null) r.add('http_req_failed', expected ? 0 : 1, tags, now);
    const base = this.vu.tags();
    if (raw.bytesSent) r.add('data_sent', raw.bytesSent, base, now);
    if (raw.bytesReceived) r.add('data_received', raw.bytesReceived, base, now);
  }

  private requestTags(raw: RawResponse, method: string, url: string, name: string, extra: Record<string, string> | undefined, expected: boolean | null): Readonly<Record<string, string>> {
    const base = this.vu.tags();
    if (base !== this.tagBase) {
      this.tagBase = base;
      this.tagCache.clear();
    }
    const key = extra ? undefined : `${method} ${raw.status} ${expected} ${raw.error?.code ?? ''} ${name === url ? '' : name}\n${url}`;
    if (key !== undefined) {
      const hit = this.tagCache.get(key);
      if (hit) return hit;
    }
    const tags: Record<string, string> = { ...base, proto: raw.status ? 'HTTP/1.1' : '', method, url, name, status: String(raw.status) };
    if (extra) for (const [k, v] of Object.entries(extra)) tags[k] = String(v);
    tags.name = name;
    if (raw.error) tags.error_code = String(raw.error.code);
    if (expected !== null) tags.expected_response = String(expected);
    if (key !== undefined) {
      if (this.tagCache.size >= 512) this.tagCache.clear();
      this.tagCache.set(key, Object.freeze(tags));
    }
    return tags;
  }
}
