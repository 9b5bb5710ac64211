/** k6/execution and k6/metrics from a script: ids, iteration counters, vu.tags on samples, test.options, group tags. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, tempDir } from '../../test/helpers.ts';

let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

describe('k6/execution', () => {
  it('exposes ids, counters, options; vu.tags reach every later sample; groups tag samples', async () => {
    const r = await runScript(
      dir,
      `
import { group, check } from 'k6';
import exec from 'k6/execution';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
const c = new Counter('c');
const g = new Gauge('g');
const rate = new Rate('r');
const t = new Trend('t', true);
export const options = { scenarios: { one: { executor: 'per-vu-iterations', vus: 2, iterations: 3, tags: { kind: 'x' } } } };
export default function () {
  const ok = exec.vu.idInInstance === __VU && exec.vu.iterationInScenario === __ITER && exec.scenario.name === 'one'
    && exec.scenario.executor === 'per-vu-iterations' && exec.vu.tags.kind === 'x' && exec.test.options.scenarios.one.iterations === 3;
  c.add(ok ? 1 : 0, { step: 'first' });
  exec.vu.tags.color = 'blue';
  group('g1', () => { check(1, { 'one is one': (v) => v === 1 }); t.add(5); });
  g.add(7);
  rate.add(true);
}
`,
    );
    expect(r.result.exitCode).toBe(0);
    expect(r.sum('c', { step: 'first', scenario: 'one', kind: 'x' })).toBe(6);
    expect(r.sum('checks', { check: 'one is one', group: '::g1', color: 'blue' })).toBe(6);
    expect(r.values('t', { group: '::g1' })).toEqual([5, 5, 5, 5, 5, 5]);
    expect(r.values('g', { color: 'blue', group: '' })).toHaveLength(6);
    expect(r.sum('r')).toBe(6);
    expect(r.result.summary?.metrics.t?.contains).toBe('time');
    expect(r.values('group_duration', { group: '::g1' })).toHaveLength(6);
  });

  it('metrics must be declared in the init context', async () => {
    const r = await runScript(dir, `import { Counter } from 'k6/metrics';\nexport default function () { new Counter('late'); }\n`);
    expect(r.logs.some((l) => l.includes('metrics must be declared in the init context'))).toBe(true);
  });
});
