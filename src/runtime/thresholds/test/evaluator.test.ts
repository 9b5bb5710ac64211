import { describe, expect, it } from 'vitest';
import { defineBuiltins, MetricsRegistry } from '../../metrics/registry.ts';
import { parseThresholds } from '../config.ts';
import { ThresholdEvaluator } from '../evaluator.ts';

function setup(raw: unknown): { r: MetricsRegistry; ev: ThresholdEvaluator } {
  const r = new MetricsRegistry({ series: false });
  defineBuiltins(r);
  r.define('orders', 'counter');
  r.define('stock', 'gauge');
  r.define('sizes', 'trend', 'data');
  const { thresholds, errors } = parseThresholds(raw);
  expect(errors).toEqual([]);
  return { r, ev: new ThresholdEvaluator(r, thresholds) };
}

const verdicts = (ev: ThresholdEvaluator) => Object.fromEntries(ev.results().map((x) => [`${x.metric} ${x.source}`, x.ok]));

describe('ThresholdEvaluator.validate', () => {
  it('accepts each method on the types that support it', () => {
    const { ev } = setup({
      orders: ['count>1', 'rate>1'],
      stock: ['value<10'],
      checks: ['rate>0.9'],
      http_req_duration: ['avg<1', 'min<1', 'max<1', 'med<1', 'p(99.9)<1'],
    });
    expect(ev.validate()).toEqual([]);
  });

  it('reports unknown metrics and methods the type lacks, each quoting the threshold', () => {
    const { ev } = setup({
      nope: ['count>1'],
      'nope{a:1}': ['count>1'],
      stock: ['count>1'],
      checks: ['p(95)<1'],
      orders: ['avg<1'],
      http_req_duration: ['rate<1'],
      vus: ['value>0'],
    });
    expect(ev.validate()).toEqual([
      'invalid threshold defined on nope; reason: no metric name "nope" found',
      'invalid threshold defined on nope{a:1}; reason: no metric name "nope" found',
      'invalid threshold "count>1" applied on metric stock; reason: unsupported aggregation method count on metric of type gauge; supported aggregation methods for this metric are: value',
      'invalid threshold "p(95)<1" applied on metric checks; reason: unsupported aggregation method p(N) on metric of type rate; supported aggregation methods for this metric are: rate',
      'invalid threshold "avg<1" applied on metric orders; reason: unsupported aggregation method avg on metric of type counter; supported aggregation methods for this metric are: count, rate',
      'invalid threshold "rate<1" applied on metric http_req_duration; reason: unsupported aggregation method rate on metric of type trend; supported aggregation methods for this metric are: avg, min, max, med, p(N)',
    ]);
  });

  it('resolves metrics defined after construction (custom metrics from the init context)', () => {
    const r = new MetricsRegistry({ series: false });
    const ev = new ThresholdEvaluator(r, parseThresholds({ 'late{k:v}': ['count>0'] }).thresholds);
    expect(ev.validate()).toHaveLength(1);
    r.define('late', 'counter');
    expect(ev.validate()).toEqual([]);
    r.add('late', 1, { k: 'v' });
    expect(ev.evaluate(1000, true).failed).toBe(false);
  });
});

describe('ThresholdEvaluator.evaluate', () => {
  it('evaluates each method against each type', () => {
    const { r, ev } = setup({
      orders: ['count==4', 'rate>=2', 'count>4'],
      stock: ['value===7', 'value!=7'],
      checks: ['rate>0.7', 'rate>0.8'],
      http_req_duration: ['avg<=50.5', 'min==1', 'max<100', 'med>45', 'p(90)<95', 'p(99)<95'],
      sizes: ['max>=1e9'],
    });
    [1, 1, 1, 1].forEach((v) => r.add('orders', v, {}));
    [3, 7].forEach((v) => r.add('stock', v, {}));
    [1, 1, 1, 0].forEach((v) => r.add('checks', v, {}));
    for (let i = 1; i <= 100; i++) r.add('http_req_duration', i, {});
    r.add('sizes', 2e9, {});
    const out = ev.evaluate(2000, false);
    expect(verdicts(ev)).toEqual({
      'orders count==4': true,
      'orders rate>=2': true,
      'orders count>4': false,
      'stock value===7': true,
      'stock value!=7': false,
      'checks rate>0.7': true,
      'checks rate>0.8': false,
      'http_req_duration avg<=50.5': true,
      'http_req_duration min==1': true,
      'http_req_duration max<100': false,
      'http_req_duration med>45': true,
      'http_req_duration p(90)<95': true,
      'http_req_duration p(99)<95': false,
      'sizes max>=1e9': true,
    });
    expect(out.failed).toBe(true);
    expect(out.abort).toBe(false);
    expect(out.results.find((x) => x.source === 'orders' || x.source === 'rate>=2')?.value).toBe(2);
  });

  it('judges submetrics on their own samples', () => {
    const { r, ev } = setup({ 'http_req_duration{scenario:promo}': ['max<100'], http_req_duration: ['max<100'] });
    r.add('http_req_duration', 50, { scenario: 'promo' });
    r.add('http_req_duration', 500, { scenario: 'base' });
    ev.evaluate(1000, true);
    expect(verdicts(ev)).toEqual({ 'http_req_duration{scenario:promo} max<100': true, 'http_req_duration max<100': false });
  });

  it('skips empty metrics during the run; at the end empty metrics pass except a Counter', () => {
    const { r, ev } = setup({ orders: ['count>0'], checks: ['rate>0.99'], http_req_duration: ['p(95)<1'], stock: ['value>5'] });
    expect(ev.evaluate(2000, false).failed).toBe(false);
    const end = ev.evaluate(4000, true);
    expect(verdicts(ev)).toEqual({ 'orders count>0': false, 'checks rate>0.99': true, 'http_req_duration p(95)<1': true, 'stock value>5': true });
    expect(end.failed).toBe(true);
    r.add('orders', 1, {});
    expect(ev.evaluate(5000, true).failed).toBe(false);
  });

  it('keeps the last verdict of a metric while it has no samples, re-judges when it has', () => {
    const { r, ev } = setup({ http_req_duration: ['max<10'] });
    r.add('http_req_duration', 50, {});
    expect(ev.evaluate(2000, false).failed).toBe(true);
    expect(ev.evaluate(4000, false).failed).toBe(true);
  });

  it('asks for an abort at once for abortOnFail without delay, and latches it', () => {
    const { r, ev } = setup({ checks: [{ threshold: 'rate>0.9', abortOnFail: true }], http_req_duration: ['max<1'] });
    r.add('http_req_duration', 5, {});
    expect(ev.evaluate(2000, false)).toMatchObject({ failed: true, abort: false }); // no abortOnFail there
    r.add('checks', 0, {});
    expect(ev.evaluate(4000, false)).toMatchObject({ failed: true, abort: true });
    for (let i = 0; i < 100; i++) r.add('checks', 1, {});
    expect(ev.evaluate(6000, false).abort).toBe(true);
  });

  it('honours delayAbortEval: no abort until the test ran longer than the delay', () => {
    const { r, ev } = setup({ checks: [{ threshold: 'rate>0.9', abortOnFail: true, delayAbortEval: '10s' }] });
    r.add('checks', 0, {});
    expect(ev.evaluate(2000, false)).toMatchObject({ failed: true, abort: false });
    expect(ev.evaluate(10_000, false)).toMatchObject({ failed: true, abort: false });
    expect(ev.evaluate(12_000, false)).toMatchObject({ failed: true, abort: true });
  });

  it('does not abort when the failing threshold recovers before its delay', () => {
    const { r, ev } = setup({ checks: [{ threshold: 'rate>0.5', abortOnFail: true, delayAbortEval: '5s' }] });
    r.add('checks', 0, {});
    expect(ev.evaluate(2000, false).abort).toBe(false);
    r.add('checks', 1, {});
    r.add('checks', 1, {});
    expect(ev.evaluate(6000, false)).toMatchObject({ failed: false, abort: false });
  });
});
