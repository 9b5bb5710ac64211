import { describe, expect, it } from 'vitest';
import { buildMeasurements, buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import type { RunMeasurements } from '../../results/run-result.ts';
import { loadStandards } from '../load-standards.ts';
import { assessTrust } from '../trust.ts';
import { judgeRun, VERDICT_EXIT_CODES } from '../verdict.ts';

const standards = loadStandards();
const SHORT = { durationSec: 40 };
const healthy = buildMeasurements(SHORT);
const copy = (): RunMeasurements => structuredClone(healthy);

describe('trust rules (named cases)', () => {
  const cases: { name: string; edit: (m: RunMeasurements) => void; want: RegExp[] }[] = [
    { name: 'a healthy generator is trusted', edit: () => {}, want: [] },
    {
      name: 'dropped iterations above 1%',
      edit: (m) => {
        m.generator.iterations = 980;
        m.generator.dropped_iterations = 20;
      },
      want: [/dropped 20 of 1,000 iterations \(2%, limit 1%\)/],
    },
    {
      name: 'dropped iterations at exactly 1% are tolerated',
      edit: (m) => {
        m.generator.iterations = 990;
        m.generator.dropped_iterations = 10;
      },
      want: [],
    },
    {
      name: 'iteration start delay p99 above the limit',
      edit: (m) => {
        m.generator.iteration_start_delay_p99_ms = 812;
      },
      want: [/iteration_start_delay p99 812 ms \(limit 250 ms\)/],
    },
    {
      name: 'generator CPU saturated for a sustained share',
      edit: (m) => {
        const g = m.processes.find((p) => p.role === 'generator');
        if (g) g.cpu.series = g.cpu.series.map((s, i) => ({ t: s.t, v: i % 2 === 0 ? 97 : 40 }));
      },
      want: [/CPU was above 90% of a core in 50% of samples \(limit 20%/],
    },
    {
      name: 'with several generator workers, one saturated worker is enough',
      edit: (m) => {
        const g = m.processes.find((p) => p.role === 'generator');
        if (!g) return;
        const busy = structuredClone(g);
        busy.pid = g.pid + 1;
        busy.cpu.series = g.cpu.series.map((s, i) => ({ t: s.t, v: i % 2 === 0 ? 97 : 40 }));
        busy.cpu.max = 97;
        m.processes.push(busy);
      },
      want: [/CPU was above 90% of a core in 50% of samples/],
    },
    {
      name: 'a short CPU spike is tolerated',
      edit: (m) => {
        const g = m.processes.find((p) => p.role === 'generator');
        if (g) g.cpu.series = g.cpu.series.map((s, i) => ({ t: s.t, v: i === 3 ? 100 : 40 }));
      },
      want: [],
    },
    {
      name: 'an interrupted run',
      edit: (m) => {
        m.status = 'interrupted';
        m.status_reason = 'SIGINT';
      },
      want: [/the run was interrupted \(SIGINT\) after 40 s of 40 s planned/],
    },
    {
      name: 'every reason at once',
      edit: (m) => {
        m.status = 'aborted';
        m.generator.dropped_iterations = 500;
        m.generator.iteration_start_delay_p99_ms = 1000;
      },
      want: [/run was aborted/, /dropped 500/, /iteration_start_delay p99 1,000 ms/],
    },
  ];
  it.each(cases)('$name', ({ edit, want }) => {
    const m = copy();
    edit(m);
    const t = assessTrust(standards.trust, m);
    expect(t.trusted).toBe(want.length === 0);
    expect(t.reasons).toHaveLength(want.length);
    want.forEach((re, i) => expect(t.reasons[i]).toMatch(re));
  });

  it('takes its limits from the standards file', () => {
    const m = copy();
    m.generator.iteration_start_delay_p99_ms = 400;
    expect(assessTrust(standards.trust, m).trusted).toBe(false);
    expect(assessTrust({ ...standards.trust, iteration_start_delay_p99_max_ms: 500 }, m).trusted).toBe(true);
  });
});

describe('verdict', () => {
  it('is untrusted, not fail, when the generator fell behind and latencies failed', () => {
    const r = buildRunResult({ ...SHORT, untrusted: true, failOn: 'erp-api-p99' }, standards);
    expect(r.verdict).toBe('untrusted');
    expect(r.trust.trusted).toBe(false);
    expect(r.verdict_reasons.some((x) => /^erp-api-p99 failed, but cannot be blamed on the stack/.test(x))).toBe(true);
    expect(r.verdict_reasons[0]).toMatch(/dropped|iteration_start_delay|CPU/);
  });

  it('is fail when an accuracy standard fails even though the generator fell behind', () => {
    const r = buildRunResult({ ...SHORT, untrusted: true, failOn: 'no-lost-orders' }, standards);
    expect(r.verdict).toBe('fail');
    expect(r.verdict_reasons[0]).toMatch(/^no-lost-orders failed/);
    expect(r.verdict_reasons.some((x) => x.startsWith('latency figures untrusted:'))).toBe(true);
  });

  it('is untrusted for an interrupted run, and keeps what was measured', () => {
    const r = buildRunResult({ ...SHORT, status: 'interrupted' }, standards);
    expect(r.verdict).toBe('untrusted');
    expect(r.standards.find((j) => j.id === 'erp-api-p99')?.verdict).toBe('pass');
    expect(r.standards.find((j) => j.id === 'no-lost-orders')?.verdict).toBe('not-measured');
  });

  it('is untrusted when nothing could be measured', () => {
    const m = copy();
    m.metrics = {};
    m.lags = {};
    delete m.reconciliation;
    const r = judgeRun(standards, m);
    expect(r.verdict).toBe('untrusted');
    expect(r.verdict_reasons).toEqual(['no standard could be measured']);
  });

  it('passes with standards not measured, and says how many', () => {
    const m = copy();
    delete m.lags.shipment_sync_lag;
    const r = judgeRun(standards, m);
    expect(r.verdict).toBe('pass');
    expect(r.verdict_reasons).toEqual(['all 18 measured standards met (1 not measured)']);
  });

  it('maps verdicts to exit codes', () => {
    expect(VERDICT_EXIT_CODES).toEqual({ pass: 0, fail: 99, untrusted: 97 });
  });
});
