import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defineBuiltins, MetricsRegistry } from '../../metrics/registry.ts';
import { parseThresholds, ThresholdEvaluator } from '../../thresholds/index.ts';
import { GroupTree } from '../group-tree.ts';
import { legacySummaryExport } from '../legacy-export.ts';
import { buildSummaryData, validateSummaryOptions, type SummaryData } from '../summary-data.ts';
import { textSummary } from '../text-summary.ts';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** A small run whose every figure is computed by hand in the assertions below. */
function run(options: unknown = {}): SummaryData {
  const r = new MetricsRegistry({ series: false });
  defineBuiltins(r);
  r.define('orders_created', 'counter');
  const { thresholds } = parseThresholds({
    http_req_duration: ['p(95)<300', 'avg<100'],
    'http_req_duration{scenario:promo}': ['max<1000'],
    checks: ['rate>0.5'],
    dropped_iterations: ['count<1'],
  });
  const ev = new ThresholdEvaluator(r, thresholds);
  expect(ev.validate()).toEqual([]);
  const g = new GroupTree();
  // 4 requests: 100, 200, 300, 400 ms (promo: 100 and 300)
  [100, 200, 300, 400].forEach((ms, i) => {
    r.add('http_req_duration', ms, { scenario: i % 2 ? 'base' : 'promo' });
    r.add('http_reqs', 1, {});
    r.add('data_received', 2500, {});
  });
  r.add('vus', 2, {}, 1);
  r.add('vus', 5, {}, 2);
  r.add('vus', 3, {}, 3);
  [true, true, false].forEach((ok) => {
    r.add('checks', ok ? 1 : 0, {});
    g.check([], 'status is 200', ok);
  });
  g.check(['checkout', 'pay'], 'paid', true);
  g.group(['browse']);
  r.add('orders_created', 3, {});
  return buildSummaryData({ registry: r, evaluator: ev, groups: g, options, testRunDurationMs: 2000, isStdOutTTY: false, isStdErrTTY: true });
}

describe('buildSummaryData', () => {
  it("has k6's handleSummary shape and the hand-computed values", () => {
    const d = run();
    expect(d.state).toEqual({ isStdOutTTY: false, isStdErrTTY: true, testRunDurationMs: 2000 });
    expect(d.options).toEqual({ summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'], summaryTimeUnit: '', noColor: false });
    expect(d.root_group).toEqual({
      name: '',
      path: '',
      id: 'd41d8cd98f00b204e9800998ecf8427e',
      groups: [
        {
          name: 'checkout',
          path: '::checkout',
          id: md5('::checkout'),
          checks: [],
          groups: [{ name: 'pay', path: '::checkout::pay', id: md5('::checkout::pay'), groups: [], checks: [{ name: 'paid', path: '::checkout::pay::paid', id: md5('::checkout::pay::paid'), passes: 1, fails: 0 }] }],
        },
        { name: 'browse', path: '::browse', id: md5('::browse'), groups: [], checks: [] },
      ],
      checks: [{ name: 'status is 200', path: '::status is 200', id: md5('::status is 200'), passes: 2, fails: 1 }],
    });
    expect(Object.keys(d.metrics)).toEqual([
      'checks',
      'data_received',
      'dropped_iterations',
      'http_req_duration',
      'http_req_duration{scenario:promo}',
      'http_reqs',
      'orders_created',
      'vus',
    ]);
    expect(d.metrics.http_reqs).toEqual({ type: 'counter', contains: 'default', values: { count: 4, rate: 2 } });
    expect(d.metrics.data_received).toEqual({ type: 'counter', contains: 'data', values: { count: 10_000, rate: 5000 } });
    expect(d.metrics.vus).toEqual({ type: 'gauge', contains: 'default', values: { value: 3, min: 2, max: 5 } });
    expect(d.metrics.checks).toEqual({ type: 'rate', contains: 'default', values: { rate: 2 / 3, passes: 2, fails: 1 }, thresholds: { 'rate>0.5': { ok: true } } });
    // An empty Counter with a threshold is listed and judged as 0 (count<1 passes).
    expect(d.metrics.dropped_iterations).toEqual({ type: 'counter', contains: 'default', values: { count: 0, rate: 0 }, thresholds: { 'count<1': { ok: true } } });
    const dur = d.metrics.http_req_duration!;
    expect(dur.type).toBe('trend');
    expect(dur.contains).toBe('time');
    expect(dur.values.avg).toBe(250);
    expect(dur.values.min).toBe(100);
    expect(dur.values.max).toBe(400);
    // HDR: within 0.1% of the sample values (k6 interpolates; we report the bucket).
    expect(Math.abs(dur.values.med! - 200) / 200).toBeLessThan(0.001);
    expect(dur.values['p(95)']).toBe(400);
    expect(dur.thresholds).toEqual({ 'p(95)<300': { ok: false }, 'avg<100': { ok: false } });
    expect(d.metrics['http_req_duration{scenario:promo}']).toMatchObject({ values: { avg: 200, min: 100, max: 300 }, thresholds: { 'max<1000': { ok: true } } });
    // Untouched built-ins without thresholds are left out.
    expect(d.metrics.iterations).toBeUndefined();
  });

  it('honours summaryTrendStats and summaryTimeUnit and validates them', () => {
    const d = run({ summaryTrendStats: ['count', 'p(99.9)', 'max'], summaryTimeUnit: 's', noColor: true });
    expect(Object.keys(d.metrics.http_req_duration!.values)).toEqual(['count', 'p(99.9)', 'max']);
    expect(d.metrics.http_req_duration!.values.count).toBe(4);
    expect(d.options).toEqual({ summaryTrendStats: ['count', 'p(99.9)', 'max'], summaryTimeUnit: 's', noColor: true });
    expect(textSummary(d, { enableColors: false })).toContain('max=0.40s');
    expect(validateSummaryOptions({ summaryTrendStats: ['avg', 'p(101)', 'mean'], summaryTimeUnit: 'min' })).toEqual([
      'summaryTrendStats: stat "p(101)" is unknown (use avg, min, med, max, count or p(N) with 0 ≤ N ≤ 100)',
      'summaryTrendStats: stat "mean" is unknown (use avg, min, med, max, count or p(N) with 0 ≤ N ≤ 100)',
      'summaryTimeUnit "min" is invalid (use s, ms or us)',
    ]);
    expect(validateSummaryOptions({})).toEqual([]);
  });
});

describe('textSummary', () => {
  const text = textSummary(run(), { enableColors: false });
  const lines = text.split('\n');

  it('lists thresholds under their metric with ✓/✗ and the judged value', () => {
    const at = lines.indexOf('    http_req_duration');
    expect(at).toBeGreaterThan(lines.indexOf('  █ THRESHOLDS'));
    expect(lines.slice(at, at + 6)).toEqual([
      '    http_req_duration',
      "    ✗ 'p(95)<300' p(95)=400ms",
      "    ✗ 'avg<100' avg=250ms",
      '',
      '      {scenario:promo}',
      "      ✓ 'max<1000' max=300ms",
    ]);
    expect(text).toContain("    ✓ 'rate>0.5' rate=66.66%");
    expect(text).toContain("    ✓ 'count<1' count=0");
  });

  it('prints checks with ✓/✗ and the pass share of failing ones', () => {
    expect(text).toContain('    ✗ status is 200\n      ↳  66% — ✓ 2 / ✗ 1');
    expect(text).toMatch(/checks_total\.+: 3 +1\.5\/s/);
    expect(text).toMatch(/checks_succeeded\.+: 66\.66% 2 out of 3/);
    expect(text).toMatch(/checks_failed\.+: +33\.33% 1 out of 3/);
  });

  it('prints metrics by category, custom first, with dotted leaders aligned per category', () => {
    const cats = ['    CUSTOM', '    HTTP', '    EXECUTION', '    NETWORK'].map((c) => lines.indexOf(c));
    expect(cats.every((i) => i > 0)).toBe(true);
    expect([...cats].sort((a, b) => a - b)).toEqual(cats);
    const http = lines.slice(cats[1]! + 1, cats[1]! + 4);
    expect(http[0]).toMatch(/^    http_req_duration\.+: avg=250ms +min=100ms med=\d+(\.\d+)?ms max=400ms p\(90\)=400ms p\(95\)=400ms$/);
    expect(http[1]).toMatch(/^      \{ scenario:promo \}\.+: avg=200ms/);
    expect(http[2]).toMatch(/^    http_reqs\.+: 4 2\/s$/);
    expect(http[0]!.indexOf('.:')).toBe(http[1]!.indexOf('.:'));
    expect(http[0]!.indexOf('.:')).toBe(http[2]!.indexOf('.:'));
    expect(text).toMatch(/data_received\.+: 10 kB 5\.0 kB\/s/);
    expect(text).toMatch(/vus\.+: 3 min=2 max=5/);
    expect(text).toMatch(/orders_created\.+: 3 1\.5\/s/);
    expect(text).not.toMatch(/^ +checks\.+:/m);
  });

  it('prints a section per group with its nested groups and checks', () => {
    const at = lines.indexOf('  █ GROUP: checkout');
    expect(at).toBeGreaterThan(lines.indexOf('  █ TOTAL RESULTS'));
    expect(text).toContain('    ↳ GROUP: pay\n\n      ✓ paid');
    expect(lines.indexOf('  █ GROUP: browse')).toBeLessThan(at); // sorted by name
  });

  it('colours only when asked, and prefixes every line with indent', () => {
    expect(text).not.toContain('\x1b[');
    const coloured = textSummary(run(), { enableColors: true });
    expect(coloured).toContain('\x1b[32m✓ paid\x1b[0m');
    expect(coloured).toContain('\x1b[31m✗ status is 200\x1b[0m');
    const indented = textSummary(run(), { enableColors: false, indent: '> ' });
    expect(indented.split('\n').filter((l) => l !== '').every((l) => l.startsWith('> '))).toBe(true);
  });
});

describe('legacySummaryExport', () => {
  it("writes k6's flat legacy form: threshold true means FAILED", () => {
    const x = legacySummaryExport(run());
    expect(x.metrics.http_reqs).toEqual({ count: 4, rate: 2 });
    expect(x.metrics.vus).toEqual({ value: 3, min: 2, max: 5 });
    expect(x.metrics.checks).toEqual({ passes: 2, fails: 1, value: 2 / 3, thresholds: { 'rate>0.5': false } });
    expect(x.metrics.http_req_duration).toMatchObject({ avg: 250, min: 100, max: 400, thresholds: { 'p(95)<300': true, 'avg<100': true } });
    expect(x.root_group.checks['status is 200']).toEqual({ name: 'status is 200', path: '::status is 200', id: md5('::status is 200'), passes: 2, fails: 1 });
    expect(x.root_group.groups.checkout?.groups.pay?.checks.paid?.passes).toBe(1);
    expect(JSON.parse(JSON.stringify(x))).toEqual(x);
  });
});
