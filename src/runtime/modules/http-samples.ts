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
  /** Tag sets by URL; `cached` counts them all (bounded: a run of ever-new URLs starts over). */
  private readonly tagCache = new Map<string, TagSet[]>();
  private cached = 0;

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
      this.cached = 0;
    }
    const status = raw.status;
    const errorCode = raw.error?.code ?? 0;
    // found by URL (the script's own string, its hash cached), then by comparing the rest: no key string built per request
    const same = extra ? undefined : this.tagCache.get(url);
    if (same) {
      for (let i = 0; i < same.length; i++) {
        const e = same[i] as TagSet;
        if (e.status === status && e.method === method && e.expected === expected && e.errorCode === errorCode && e.name === name) return e.tags;
      }
    }
    const tags: Record<string, string> = { ...base, proto: status ? 'HTTP/1.1' : '', method, url, name, status: String(status) };
    if (extra) for (const [k, v] of Object.entries(extra)) tags[k] = String(v);
    tags.name = name;
    if (raw.error) tags.error_code = String(raw.error.code);
    if (expected !== null) tags.expected_response = String(expected);
    if (extra) return tags;
    if (this.cached >= 512) {
      this.tagCache.clear();
      this.cached = 0;
    }
    const entry: TagSet = { method, status, expected, errorCode, name, tags: Object.freeze(tags) };
    if (same) same.push(entry);
    else this.tagCache.set(url, [entry]);
    this.cached++;
    return entry.tags;
  }
}

/** One combination of a request's tags, cached while the VU's own tags stay the same. */
interface TagSet {
  readonly method: string;
  readonly status: number;
  readonly expected: boolean | null;
  readonly errorCode: number;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
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
