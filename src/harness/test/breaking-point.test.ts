import { describe, expect, it } from 'vitest';
import type { ProcessStats, RunMeasurements } from '../../results/run-result.ts';
import { loadStandards } from '../../standards/load-standards.ts';
import { findBreakingPoints, findTopLoad } from '../breaking-point.ts';
import { cpuAround } from '../cpu-at-break.ts';
import { breakLines, unbrokenLines } from '../print-run-end.ts';

const standards = loadStandards();
/** Per-second values; point i covers the second ending at (i + 1) s. */
const perSecond = (vs: readonly number[]) => vs.map((v, i) => ({ t: (i + 1) * 1000, v }));

function proc(role: ProcessStats['role'], pid: number, cpu: readonly number[]): ProcessStats {
  return { role, pid, cpu: { series: perSecond(cpu), avg: 0, max: 0 }, rss: { series: [], max_bytes: 0 } };
}

/** A run of 12 s: erp_req_duration's p99 per second (erp-api-p99: p(99) <= 200 ms), orders placed per second, each process's CPU per second. */
function run(erpP99: readonly number[], orders: readonly number[], processes: ProcessStats[]): RunMeasurements {
  return {
    series_interval_ms: 1000,
    processes,
    lags: {},
    metrics: {
      erp_req_duration: { type: 'trend', contains: 'time', values: {}, series: erpP99.map((p99, i) => ({ t: (i + 1) * 1000, count: 10, p50: 1, p95: p99, p99 })) },
      orders_placed: { type: 'counter', contains: 'default', values: {}, series: orders.map((count, i) => ({ t: (i + 1) * 1000, count })) },
    },
  } as unknown as RunMeasurements;
}

const QUIET = [50, 50, 50, 50, 50, 50, 50];
const BREACH_3S = [...QUIET, 300, 300, 300, 50, 50];
const ORDERS = [100, 100, 100, 100, 100, 200, 200, 200, 200, 200, 200, 200];
const idle = (n = 12) => Array.from({ length: n }, () => 40);
const MOCK = proc('mock', 2, idle());
const STACK = proc('stack', 3, idle().map((v) => v + 30));
/** The generator's CPU with `hot` seconds (1-based, the sample ending then) at `v`. */
const genWith = (v: number, hot: number[], pid = 1) => proc('generator', pid, idle().map((x, i) => (hot.includes(i + 1) ? v : x)));

describe('findBreakingPoints', () => {
  const cases: {
    name: string;
    erp: number[];
    processes: ProcessStats[];
    want: { at_s: number; order_rate: number; limited_by: 'stack' | 'generator'; generatorSeconds: number[] } | undefined;
  }[] = [
    {
      name: 'a breach held 3 s is a break: the rate over the 5 s before, CPU from then to the breach end, the stack\'s while the generator idles',
      erp: BREACH_3S,
      processes: [MOCK, STACK, genWith(40, [])],
      // breach from 7 s (the point ending at 8 s); rate over the points ending 4..8 s: 100+100+200+200+200 over 5 s
      want: { at_s: 7, order_rate: 160, limited_by: 'stack', generatorSeconds: [4, 5, 6, 7, 8, 9, 10] },
    },
    { name: 'a breach of 2 s is no break', erp: [...QUIET, 300, 300, 50, 50, 50], processes: [MOCK, STACK, genWith(40, [])], want: undefined },
    {
      name: 'the generator above 90% of a core in 2 of the 7 seconds (over the 20% trust share): the generator\'s limit',
      erp: BREACH_3S,
      processes: [MOCK, STACK, genWith(95, [8, 9])],
      want: { at_s: 7, order_rate: 160, limited_by: 'generator', generatorSeconds: [4, 5, 6, 7, 8, 9, 10] },
    },
    {
      name: 'the generator above 90% in 1 of 7 seconds (14%): still the stack\'s',
      erp: BREACH_3S,
      processes: [MOCK, STACK, genWith(95, [9])],
      want: { at_s: 7, order_rate: 160, limited_by: 'stack', generatorSeconds: [4, 5, 6, 7, 8, 9, 10] },
    },
    {
      name: 'exactly 90% is not above 90%',
      erp: BREACH_3S,
      processes: [MOCK, STACK, genWith(90, [4, 5, 6, 7, 8, 9, 10])],
      want: { at_s: 7, order_rate: 160, limited_by: 'stack', generatorSeconds: [4, 5, 6, 7, 8, 9, 10] },
    },
    {
      name: 'saturated seconds outside the window do not count',
      erp: BREACH_3S,
      processes: [MOCK, STACK, genWith(100, [1, 2, 3, 11, 12])],
      want: { at_s: 7, order_rate: 160, limited_by: 'stack', generatorSeconds: [4, 5, 6, 7, 8, 9, 10] },
    },
    {
      name: 'with two generator workers, one saturated is enough',
      erp: BREACH_3S,
      processes: [MOCK, STACK, genWith(40, [], 1), genWith(99, [5, 6, 7], 4)],
      want: { at_s: 7, order_rate: 160, limited_by: 'generator', generatorSeconds: [4, 5, 6, 7, 8, 9, 10] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const breaks = findBreakingPoints(run(c.erp, ORDERS, c.processes), standards);
      if (c.want === undefined) {
        expect(breaks).toEqual([]);
        return;
      }
      const b = breaks[0]!;
      expect(b).toMatchObject({ standard: 'erp-api-p99', at_s: c.want.at_s, order_rate: c.want.order_rate, value: 300, limit: 200, limited_by: c.want.limited_by });
      const generators = c.processes.filter((p) => p.role === 'generator').map((p) => p.role);
      expect(b.cpu?.map((x) => x.role)).toEqual([...generators, 'mock', 'stack']); // the generator first, whatever order the processes were watched in
      for (const g of b.cpu!.filter((x) => x.role === 'generator')) expect(g.series.map((s) => s.t / 1000)).toEqual(c.want.generatorSeconds);
    });
  }
});

describe('findTopLoad', () => {
  const cases: { name: string; orders: number[]; generator: ProcessStats; want: { at_s: number; order_rate: number; generator_saturated: boolean; seconds: number[] } | undefined }[] = [
    {
      name: 'the 5 s of the most orders offered, the CPU over them; the generator idle there',
      orders: ORDERS,
      generator: genWith(40, []),
      // every 5 s from the one ending at 10 s holds 5 × 200: the first wins
      want: { at_s: 10, order_rate: 200, generator_saturated: false, seconds: [6, 7, 8, 9, 10] },
    },
    {
      name: 'a peak in the middle; the generator saturated there',
      orders: [10, 10, 10, 500, 500, 500, 500, 500, 10, 10, 10, 10],
      generator: genWith(100, [4, 5, 6, 7, 8]),
      want: { at_s: 8, order_rate: 500, generator_saturated: true, seconds: [4, 5, 6, 7, 8] },
    },
    {
      name: 'the first seconds count over the time run so far, not over 5 s',
      orders: [300, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
      generator: genWith(40, []),
      want: { at_s: 1, order_rate: 300, generator_saturated: false, seconds: [1] },
    },
    { name: 'no order offered: no top', orders: Array.from({ length: 12 }, () => 0), generator: genWith(40, []), want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const top = findTopLoad(run(QUIET, c.orders, [MOCK, STACK, c.generator]), standards);
      if (c.want === undefined) {
        expect(top).toBeUndefined();
        return;
      }
      expect(top).toMatchObject({ at_s: c.want.at_s, order_rate: c.want.order_rate, generator_saturated: c.want.generator_saturated });
      expect(top!.cpu.find((x) => x.role === 'generator')!.series.map((s) => s.t / 1000)).toEqual(c.want.seconds);
    });
  }
});

describe('cpuAround', () => {
  const cases: { name: string; ts: number[]; from: number; to: number; want: number[] }[] = [
    { name: 'samples on the second: those ending in (from, to]', ts: [1000, 2000, 3000, 4000, 5000], from: 2000, to: 4000, want: [3000, 4000] },
    { name: 'a sample belongs where most of its second lies', ts: [2400, 2600, 4400, 4600], from: 2000, to: 4000, want: [2600, 4400] },
    { name: 'none inside: the process is left out', ts: [1000, 9000], from: 2000, to: 4000, want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p: ProcessStats = { role: 'stack', pid: 9, cpu: { series: c.ts.map((t, i) => ({ t, v: 10 * (i + 1) })), avg: 0, max: 0 }, rss: { series: [], max_bytes: 0 } };
      const got = cpuAround([p], c.from, c.to, 1000);
      expect(got.flatMap((x) => x.series.map((s) => s.t))).toEqual(c.want);
      if (got[0]) {
        const vs = got[0].series.map((s) => s.v);
        expect(got[0].max).toBe(Math.max(...vs));
        expect(got[0].avg).toBeCloseTo(vs.reduce((a, v) => a + v, 0) / vs.length, 1);
      }
    });
  }
});

describe('breakLines', () => {
  it("names the generator's limit and prints each process's CPU per second, generator first", () => {
    const [b] = findBreakingPoints(run(BREACH_3S, ORDERS, [MOCK, STACK, genWith(95, [8, 9])]), standards);
    const lines = breakLines(b!);
    expect(lines[0]).toBe("first to break: erp-api-p99 at 7 s, with 160 orders/s offered: the generator's limit, not the stack's (generator CPU avg 56%, max 95% of a core)");
    expect(lines[1]).toBe('CPU per second around it (samples ending 4–10 s, % of one core):');
    expect(lines.slice(2)).toEqual([
      '  generator: 40 40 40 40 95 95 40  (avg 56, max 95)',
      '  mock:      40 40 40 40 40 40 40  (avg 40, max 40)',
      '  stack:     70 70 70 70 70 70 70  (avg 70, max 70)',
    ]);
  });

  it("says a break with the generator below saturation is the stack's, and reads a result written before CPU was kept", () => {
    const [b] = findBreakingPoints(run(BREACH_3S, ORDERS, [MOCK, STACK, genWith(40, [])]), standards);
    expect(breakLines(b!)[0]).toMatch(/offered: the stack's break point \(the generator was not saturated\)$/);
    const { cpu: _cpu, limited_by: _by, ...older } = b!;
    expect(breakLines(older)).toEqual(['first to break: erp-api-p99 at 7 s, with 160 orders/s offered']);
  });

  it("a stress run that did not break: how far it went, and whether the generator could have offered more", () => {
    const saturated = findTopLoad(run(QUIET, [10, 10, 10, 500, 500, 500, 500, 500, 10, 10, 10, 10], [MOCK, STACK, genWith(100, [4, 5, 6, 7, 8])]), standards)!;
    const lines = unbrokenLines(saturated);
    expect(lines[0]).toBe(
      "nothing broke: every standard held up to 500 orders/s offered (the 5 s to 8 s); the generator was saturated there (generator CPU avg 100%, max 100% of a core): the run went as far as the generator could, and the stack's break point was not reached",
    );
    expect(lines.slice(1, 3)).toEqual(['CPU per second at the top (samples ending 4–8 s, % of one core):', '  generator: 100 100 100 100 100  (avg 100, max 100)']);
    const idle = findTopLoad(run(QUIET, ORDERS, [MOCK, STACK, genWith(40, [])]), standards)!;
    expect(unbrokenLines(idle)[0]).toMatch(/; the generator was not saturated there: raise STEPS or STEP_RATE to find the break point$/);
  });
});
