import { describe, expect, it } from 'vitest';
import type { BreakingPoint, RunResult, TopLoad } from '../../results/run-result.ts';
import { buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import { breakingPointsSection } from '../sections/run-info-section.ts';

const base: BreakingPoint = { standard: 'order-ingest-lag-p99', metric: 'order_ingest_lag', at_s: 83, order_rate: 1300, value: 6100, limit: 5000 };
const cpu: BreakingPoint['cpu'] = [
  { role: 'generator', pid: 1, series: [{ t: 80_000, v: 96 }, { t: 81_000, v: 99 }], avg: 97.5, max: 99 },
  { role: 'stack', pid: 3, series: [{ t: 80_000, v: 60 }, { t: 81_000, v: 64 }], avg: 62, max: 64 },
];

function withBreaks(breaks: BreakingPoint[] | undefined, top?: TopLoad, scenario = 'stress'): RunResult {
  const r = buildRunResult({ durationSec: 20, scenario });
  if (breaks) r.breaking_points = breaks;
  else delete r.breaking_points;
  if (top) r.top_load = top;
  else delete r.top_load;
  return r;
}

describe('breakingPointsSection', () => {
  const top = (generator_saturated: boolean): TopLoad => ({ at_s: 138, order_rate: 1900, cpu: cpu!, generator_saturated });
  const cases: { name: string; breaks: BreakingPoint[] | undefined; top?: TopLoad; scenario?: string; has: string[]; hasNot: string[] }[] = [
    { name: 'no break and no top: no section', breaks: undefined, has: [], hasNot: ['breaking-points'] },
    { name: 'no break outside a stress run: no section', breaks: undefined, top: top(true), scenario: 'promo', has: [], hasNot: ['breaking-points'] },
    {
      name: 'a stress run that did not break with the generator saturated at the top: not the stack\'s break point',
      breaks: undefined,
      top: top(true),
      has: ['Nothing broke: every standard held up to 1,900 orders/s offered (the 5 s to 138 s)', '<b>The generator was saturated there</b>', 'generator 98% / 99%'],
      hasNot: ['would find the break point'],
    },
    {
      name: 'a stress run that did not break with the generator below saturation: a higher step would find it',
      breaks: undefined,
      top: top(false),
      has: ['Nothing broke', 'a higher step (STEPS, STEP_RATE) would find the break point'],
      hasNot: ['The generator was saturated there'],
    },
    {
      name: "a break while the generator was saturated is the generator's, not the stack's",
      breaks: [{ ...base, cpu, limited_by: 'generator' }],
      has: ["The first break is the generator's, not the stack's", 'generator 98% / 99%', 'stack 62% / 64%', '<b>the generator</b>', '1,300 orders/s'],
      hasNot: ["stack's break point in this run"],
    },
    {
      name: "a break with the generator below saturation is the stack's break point",
      breaks: [{ ...base, cpu, limited_by: 'stack' }],
      has: ["The first row is the stack's break point in this run", '<td>the stack</td>'],
      hasNot: ["The first break is the generator's"],
    },
    {
      name: 'a result written before CPU was kept shows dashes, not a judgement',
      breaks: [base],
      has: ["The first row is the integration's ceiling in this run", '<td>—</td>'],
      hasNot: ['the generator</b>', "stack's break point"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const html = breakingPointsSection(withBreaks(c.breaks, c.top, c.scenario));
      if (c.has.length === 0) expect(html).toBe('');
      for (const s of c.has) expect(html, s).toContain(s);
      for (const s of c.hasNot) expect(html, s).not.toContain(s);
    });
  }
});
