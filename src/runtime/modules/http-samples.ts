/**
 * The samples one request leaves, with k6's names and tags: http_reqs, http_req_duration and
 * its phases, http_req_failed (when a response callback applies), data_sent/data_received.
 *
 * Sample tags repeat (same URL, same status) request after request: one frozen object per
 * combination, reused while the VU's own tags stay the same, instead of a new one per request.
 */
import type { Metric, MetricsRegistry } from '../metrics/registry.ts';
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
    const m = httpMetrics(r);
    const t = raw.timings;
    // one time for all of a request's samples, as k6 stamps its request trail's samples with one time
    const now = Date.now();
    r.record(m.reqs, 1, tags, now);
    r.record(m.duration, t.duration, tags, now);
    r.record(m.blocked, t.blocked, tags, now);
    r.record(m.connecting, t.connecting, tags, now);
    r.record(m.tls, t.tls_handshaking, tags, now);
    r.record(m.sending, t.sending, tags, now);
    r.record(m.waiting, t.waiting, tags, now);
    r.record(m.receiving, t.receiving, tags, now);
    if (expected !== null) r.record(m.failed, expected ? 0 : 1, tags, now);
    const base = this.vu.tags();
    if (raw.bytesSent) r.record(m.sent, raw.bytesSent, base, now);
    if (raw.bytesReceived) r.record(m.received, raw.bytesReceived, base, now);
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

/** The built-in http metrics of a registry, looked up once per run rather than by name per sample. */
interface HttpMetrics {
  reqs: Metric;
  duration: Metric;
  blocked: Metric;
  connecting: Metric;
  tls: Metric;
  sending: Metric;
  waiting: Metric;
  receiving: Metric;
  failed: Metric;
  sent: Metric;
  received: Metric;
}
const metricsByRegistry = new WeakMap<MetricsRegistry, HttpMetrics>();
function httpMetrics(r: MetricsRegistry): HttpMetrics {
  let m = metricsByRegistry.get(r);
  if (m) return m;
  m = {
    reqs: r.metric('http_reqs'),
    duration: r.metric('http_req_duration'),
    blocked: r.metric('http_req_blocked'),
    connecting: r.metric('http_req_connecting'),
    tls: r.metric('http_req_tls_handshaking'),
    sending: r.metric('http_req_sending'),
    waiting: r.metric('http_req_waiting'),
    receiving: r.metric('http_req_receiving'),
    failed: r.metric('http_req_failed'),
    sent: r.metric('data_sent'),
    received: r.metric('data_received'),
  };
  metricsByRegistry.set(r, m);
  return m;
}
