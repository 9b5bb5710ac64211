/** Options validation: a table of named cases, valid and invalid, each invalid one naming its problem. */
import { describe, expect, it } from 'vitest';
import { resolveOptions } from '../script-options.ts';

describe('resolveOptions', () => {
  const valid: { name: string; raw: unknown; cli?: Parameters<typeof resolveOptions>[1]; scenario: Record<string, unknown> }[] = [
    { name: 'nothing: 1 VU, 1 iteration', raw: {}, scenario: { executor: 'per-vu-iterations', vus: 1, iterations: 1 } },
    { name: 'vus + duration: constant-vus', raw: { vus: 5, duration: '30s' }, scenario: { executor: 'constant-vus', vus: 5, durationMs: 30_000 } },
    { name: 'iterations: shared-iterations', raw: { vus: 2, iterations: 10 }, scenario: { executor: 'shared-iterations', vus: 2, iterations: 10 } },
    { name: 'iterations + duration: maxDuration', raw: { iterations: 3, duration: '1m' }, scenario: { executor: 'shared-iterations', maxDurationMs: 60_000 } },
    { name: 'stages: ramping-vus from vus', raw: { vus: 2, stages: [{ duration: '10s', target: 5 }] }, scenario: { executor: 'ramping-vus', startVUs: 2 } },
    { name: 'CLI shortcuts replace scenarios', raw: { scenarios: { x: { executor: 'constant-vus', vus: 1, duration: '1s' } } }, cli: { vus: 3, durationMs: 2000 }, scenario: { executor: 'constant-vus', vus: 3, durationMs: 2000 } },
    {
      name: 'arrival-rate with defaults',
      raw: { scenarios: { a: { executor: 'constant-arrival-rate', rate: 10, duration: '1m', preAllocatedVUs: 4 } } },
      scenario: { executor: 'constant-arrival-rate', timeUnitMs: 1000, maxVUs: 4, gracefulStopMs: 30_000, exec: 'default' },
    },
    { name: 'gracefulStop as ms number', raw: { scenarios: { a: { executor: 'per-vu-iterations', gracefulStop: 1500 } } }, scenario: { gracefulStopMs: 1500 } },
  ];
  for (const c of valid) {
    it(`accepts ${c.name}`, () => {
      const r = resolveOptions(c.raw, c.cli);
      expect(r.errors).toEqual([]);
      expect(r.options.scenarios).toHaveLength(1);
      expect(r.options.scenarios[0]?.config).toMatchObject(c.scenario);
    });
  }

  const invalid: { name: string; raw: unknown; errors: RegExp[] }[] = [
    { name: 'unknown top-level key', raw: { vuss: 1 }, errors: [/^vuss: unknown key \(expected one of /] },
    { name: 'bad duration', raw: { duration: '10 seconds' }, errors: [/^duration: invalid duration "10 seconds"/] },
    { name: 'shortcut with scenarios', raw: { vus: 2, scenarios: { a: { executor: 'per-vu-iterations' } } }, errors: [/"vus" cannot be combined with "scenarios"/] },
    { name: 'unknown executor', raw: { scenarios: { a: { executor: 'fast' } } }, errors: [/scenarios\.a: unknown executor "fast"/] },
    { name: 'externally-controlled', raw: { scenarios: { a: { executor: 'externally-controlled' } } }, errors: [/removed in k6 v2/] },
    { name: 'bad scenario name', raw: { scenarios: { 'a b': { executor: 'per-vu-iterations' } } }, errors: [/invalid scenario name/] },
    { name: 'unknown scenario key', raw: { scenarios: { a: { executor: 'constant-vus', duration: '1s', rate: 3 } } }, errors: [/^scenarios\.a\.rate: unknown key \(expected one of executor, startTime, gracefulStop, exec, env, tags, vus, duration\)$/] },
    {
      name: 'every problem of one scenario',
      raw: { scenarios: { a: { executor: 'constant-arrival-rate', rate: 0, duration: '10ms', preAllocatedVUs: -1 } } },
      errors: [/^scenarios\.a\.rate: expected an integer >= 1, got 0$/, /^scenarios\.a\.duration: expected a duration of at least 1000 ms, got "10ms"$/, /^scenarios\.a\.preAllocatedVUs: expected an integer >= 0, got -1$/],
    },
    { name: 'maxVUs below preAllocatedVUs', raw: { scenarios: { a: { executor: 'constant-arrival-rate', rate: 1, duration: '1s', preAllocatedVUs: 5, maxVUs: 2 } } }, errors: [/"maxVUs" \(2\) must not be lower/] },
    { name: 'missing stages', raw: { scenarios: { a: { executor: 'ramping-vus' } } }, errors: [/^scenarios\.a\.stages: expected an array, got nothing$/] },
    { name: 'bad stage', raw: { scenarios: { a: { executor: 'ramping-vus', stages: [{ duration: 'x', target: -1, foo: 1 }] } } }, errors: [/^scenarios\.a\.stages\[0\]\.foo: unknown key/, /^scenarios\.a\.stages\[0\]\.duration: invalid duration "x"/, /^scenarios\.a\.stages\[0\]\.target: expected an integer >= 0, got -1$/] },
    { name: 'shared-iterations fewer iterations than vus', raw: { scenarios: { a: { executor: 'shared-iterations', vus: 5, iterations: 2 } } }, errors: [/"iterations" \(2\) must be at least "vus" \(5\)/] },
    { name: 'duration 0 (externally controlled)', raw: { duration: '0' }, errors: [/not supported/] },
    { name: 'bad summaryTrendStats', raw: { summaryTrendStats: ['avg', 'p99'] }, errors: [/summaryTrendStats/] },
    { name: 'wrong types', raw: { maxRedirects: 'ten', throw: 'yes', tags: { a: 1 } }, errors: [/^maxRedirects: expected an integer >= 0, got "ten"$/, /^throw: expected true or false, got "yes"$/, /^tags\.a: expected a string, got 1$/] },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name}`, () => {
      const r = resolveOptions(c.raw);
      for (const e of c.errors) expect(r.errors.some((x) => e.test(x)), `${e} in ${JSON.stringify(r.errors)}`).toBe(true);
    });
  }
});
