/**
 * A synthetic system for the capacity search's tests: standards that move with the order rate
 * the way a real stack's do (latency climbing towards a capacity, a success share dropping
 * past it), a generator that can fall behind above a rate, and a fake clock each probe advances.
 */
import type { ProbeResult, ProbeStandard } from '../probe-result.ts';
import type { Probe } from '../search.ts';

export interface Model {
  /** The rate at which erp-api-p99 reaches its 200 ms limit. */
  capacity: number;
  /** Above this rate the generator falls behind: untrusted. */
  generatorMax?: number;
  /** At or above this rate the probe cannot run. */
  errorAt?: number;
  /** Seconds each probe takes on the fake clock. */
  probeS?: number;
}

export function standardsAt(rate: number, capacity: number): ProbeStandard[] {
  return [
    { id: 'erp-api-p99', title: 'ERP API p99', unit: 'ms', op: '<=', limit: 200, measured: (200 * rate) / capacity, verdict: '' },
    { id: 'webhook-ack-p99', title: 'Webhook ack p99', unit: 'ms', op: '<=', limit: 500, measured: (500 * rate) / (capacity * 1.5), verdict: '' },
    { id: 'platform-call-success', title: 'Platform calls succeed', unit: 'ratio', op: '>=', limit: 0.999, measured: rate > capacity * 1.2 ? 0.99 : 1, verdict: '' },
    { id: 'no-lost-orders', title: 'No lost orders', unit: 'count', op: '<=', limit: 0, measured: 0, verdict: '' },
  ].map((s) => {
    const ok = s.op === '<=' ? s.measured <= s.limit : s.measured >= s.limit;
    return { ...s, verdict: ok ? 'pass' : 'fail' } as ProbeStandard;
  });
}

export function syntheticProbe(m: Model, clock: { t: number }): Probe & { rates: number[] } {
  const rates: number[] = [];
  const probe = async (rate: number): Promise<ProbeResult> => {
    rates.push(rate);
    clock.t += (m.probeS ?? 40) * 1000;
    const base = { rate, duration_ms: (m.probeS ?? 40) * 1000, untrusted_reasons: [] as string[] };
    if (m.errorAt !== undefined && rate >= m.errorAt) return { ...base, verdict: 'error', standards: [], failed: [], error: 'the stack did not start' };
    const standards = standardsAt(rate, m.capacity);
    const failed = standards.filter((s) => s.verdict === 'fail').map((s) => s.id);
    if (m.generatorMax !== undefined && rate > m.generatorMax) {
      return { ...base, verdict: 'untrusted', standards, failed, untrusted_reasons: [`the generator dropped 12% of iterations at ${rate}/s`] };
    }
    return { ...base, verdict: failed.length > 0 ? 'fail' : 'pass', standards, failed, achieved_rate: rate };
  };
  return Object.assign(probe, { rates });
}
