/**
 * What the integration called: per endpoint, call counts by outcome and an HDR histogram of
 * the mock's own time to answer (arrival to last byte written, injected delays included).
 * Histograms leave the process only in encoded form, so the harness merges them exactly.
 */
import { LatencyHistogram, TIME_RANGE } from '../../lib/hdr/latency-histogram.ts';

/** Flat storage: recorded on every answer, ~6x cheaper per record than the packed default (~95 KB per endpoint called). */
const ANSWER_TIME = { ...TIME_RANGE, storage: 32 } as const;

export class EndpointStats {
  calls = 0;
  /** Answers by TikTok code ("0" = success). */
  readonly byCode = new Map<number, number>();
  /** Successes that carried `data.errors[]` (partial-failure writes). */
  partial = 0;
  readonly latency = new LatencyHistogram(undefined, ANSWER_TIME);

  record(code: number, ms: number, partial: boolean): void {
    this.calls++;
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
    if (partial) this.partial++;
    this.latency.record(ms);
  }

  toJSON(): { calls: number; by_code: Record<string, number>; partial: number; latency: string; p50_ms: number; p99_ms: number } {
    return {
      calls: this.calls,
      by_code: Object.fromEntries([...this.byCode].map(([c, n]) => [String(c), n])),
      partial: this.partial,
      latency: this.latency.encode(),
      p50_ms: this.latency.percentile(50),
      p99_ms: this.latency.percentile(99),
    };
  }
}

export class CallStats {
  private readonly endpoints = new Map<string, EndpointStats>();

  /** The stats of a route key (`UNMATCHED` for paths and methods that matched no route). */
  of(key: string): EndpointStats {
    let s = this.endpoints.get(key);
    if (!s) this.endpoints.set(key, (s = new EndpointStats()));
    return s;
  }

  toJSON(): Record<string, ReturnType<EndpointStats['toJSON']>> {
    return Object.fromEntries([...this.endpoints].map(([k, s]) => [k, s.toJSON()]));
  }

  reset(): void {
    for (const s of this.endpoints.values()) s.latency.destroy();
    this.endpoints.clear();
  }
}

export const UNMATCHED = 'UNMATCHED';
