import { describe, expect, it } from 'vitest';
import { findFirstBreak, searchCapacity, validateSearchOptions, type SearchOptions } from '../search.ts';
import { standardsAt, syntheticProbe, type Model } from './synthetic-probe.ts';

const OPTS: SearchOptions = { start_rate: 20, min_rate: 1, max_rate: 1000, step_factor: 2, resolution: 0.05, max_probes: 15, budget_ms: 3_600_000 };

async function search(m: Model, o: Partial<SearchOptions> = {}) {
  const clock = { t: 0 };
  const probe = syntheticProbe(m, clock);
  const r = await searchCapacity({ ...OPTS, ...o }, probe, () => clock.t);
  return { r, rates: probe.rates, elapsed: clock.t };
}

describe('searchCapacity', () => {
  it('steps up by the factor, then bisects to within the resolution of the true capacity', async () => {
    const { r, rates } = await search({ capacity: 137 });
    expect(rates.slice(0, 4)).toEqual([20, 40, 80, 160]);
    expect(r.probes.slice(0, 4).map((p) => p.phase)).toEqual(['step', 'step', 'step', 'step']);
    expect(r.probes.slice(4).every((p) => p.phase === 'bisect')).toBe(true);
    expect(r.max_sustainable_rate).toBeLessThanOrEqual(137);
    expect(r.max_sustainable_rate).toBeGreaterThanOrEqual(137 * 0.95);
    expect(r.first_failing_rate).toBeGreaterThan(137);
    expect((r.first_failing_rate ?? 0) - (r.max_sustainable_rate ?? 0)).toBeLessThanOrEqual(Math.max(1, 0.05 * (r.max_sustainable_rate ?? 0)));
    expect(r.limited_by).toBe('stack');
    expect(r.first_break).toMatchObject({ id: 'erp-api-p99', rate: r.first_failing_rate });
    expect(r.stopped).toMatch(/within 5%/);
  });

  it('a start above the capacity steps down, then bisects', async () => {
    const { r, rates } = await search({ capacity: 30 }, { start_rate: 100 });
    expect(rates.slice(0, 3)).toEqual([100, 50, 25]);
    expect(r.max_sustainable_rate).toBeGreaterThanOrEqual(28);
    expect(r.max_sustainable_rate).toBeLessThanOrEqual(30);
  });

  it('everything holds up to max-rate: the limit lies above, said so', async () => {
    const { r, rates } = await search({ capacity: 10_000 }, { max_rate: 100 });
    expect(rates).toEqual([20, 40, 80, 100]);
    expect(r).toMatchObject({ max_sustainable_rate: 100, first_failing_rate: null, limited_by: 'max-rate' });
  });

  it('breaking even at min-rate: no sustainable rate', async () => {
    const { r, rates } = await search({ capacity: 0.5 }, { min_rate: 1 });
    expect(rates).toEqual([20, 10, 5, 3, 2, 1]);
    expect(r).toMatchObject({ max_sustainable_rate: null, limited_by: 'min-rate' });
    expect(r.first_break?.id).toBe('erp-api-p99');
  });

  it('an untrusted probe bounds the search as the generator, not the stack', async () => {
    const { r } = await search({ capacity: 200, generatorMax: 60 });
    expect(r.limited_by).toBe('generator');
    expect(r.max_sustainable_rate).toBeLessThanOrEqual(60);
    expect(r.max_sustainable_rate).toBeGreaterThanOrEqual(57);
    expect(r.probes.find((p) => p.rate === r.first_failing_rate)?.verdict).toBe('untrusted');
    expect(r.first_break).toBeUndefined(); // no standard was seen broken by the stack
  });

  it('a real failure below the generator limit is the stack limit', async () => {
    const { r } = await search({ capacity: 50, generatorMax: 100 });
    expect(r.limited_by).toBe('stack');
    expect(r.max_sustainable_rate).toBeLessThanOrEqual(50);
  });

  it('bounded in probes', async () => {
    const { r, rates } = await search({ capacity: 137 }, { max_probes: 3 });
    expect(rates).toHaveLength(3);
    expect(r.limited_by).toBe('probes');
    expect(r.max_sustainable_rate).toBe(80);
  });

  it('bounded in time: stops before a probe would overrun the budget', async () => {
    const { r, elapsed } = await search({ capacity: 137, probeS: 60 }, { budget_ms: 200_000 });
    expect(r.probes).toHaveLength(3);
    expect(elapsed).toBeLessThanOrEqual(200_000);
    expect(r.limited_by).toBe('budget');
    expect(r.stopped).toMatch(/time budget \(200 s\)/);
  });

  it('a probe that cannot run stops the search, keeping what held', async () => {
    const { r, rates } = await search({ capacity: 137, errorAt: 80 });
    expect(rates).toEqual([20, 40, 80]);
    expect(r).toMatchObject({ limited_by: 'error', max_sustainable_rate: 40 });
    expect(r.stopped).toMatch(/could not run: the stack did not start/);
  });

  it('refuses bad options, every problem named', async () => {
    const bad = { ...OPTS, min_rate: 0, step_factor: 1, resolution: 2, max_probes: 0, budget_ms: 0, start_rate: 5000 };
    const errors = validateSearchOptions(bad);
    expect(errors).toHaveLength(6);
    await expect(searchCapacity(bad, syntheticProbe({ capacity: 1 }, { t: 0 }))).rejects.toThrow(/min rate must be >= 1/);
  });
});

describe('findFirstBreak', () => {
  const probe = (rate: number, capacity: number) => {
    const standards = standardsAt(rate, capacity);
    const failed = standards.filter((s) => s.verdict === 'fail').map((s) => s.id);
    return { rate, verdict: failed.length ? ('fail' as const) : ('pass' as const), standards, failed, untrusted_reasons: [], duration_ms: 1 };
  };
  it('of several broken at the lowest failing rate, the one nearest its limit where it held', () => {
    // at 200/s with capacity 100: erp (400 ms / 200), webhook (667 / 500) and success (0.99) all fail
    const fail = probe(200, 100);
    expect(fail.failed.sort()).toEqual(['erp-api-p99', 'platform-call-success', 'webhook-ack-p99']);
    const held = probe(90, 100); // erp at 90% of its limit, webhook at 60%, success at 99.9%
    const b = findFirstBreak([probe(50, 100), held, fail], held);
    expect(b).toMatchObject({ id: 'platform-call-success', rate: 200 });
    expect(b?.also).toEqual(['erp-api-p99', 'webhook-ack-p99']);
  });
  it('without a held rate, the one most beyond its limit', () => {
    expect(findFirstBreak([probe(200, 100)], undefined)?.id).toBe('erp-api-p99'); // 200% of its limit
    expect(findFirstBreak([probe(10, 100)], undefined)).toBeUndefined();
  });
});
