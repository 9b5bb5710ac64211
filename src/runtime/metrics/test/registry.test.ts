import { describe, expect, it } from 'vitest';
import { defineBuiltins, MetricsRegistry, type RegistrySnapshot } from '../registry.ts';
import { BUILTIN_METRICS } from '../builtins.ts';

const T0 = 1_700_000_000_000;

describe('MetricsRegistry: definitions', () => {
  it('defines all k6 built-ins with their types and value types, plus iteration_start_delay', () => {
    const r = new MetricsRegistry({ origin: T0 });
    defineBuiltins(r);
    const got = Object.fromEntries(r.all().map((m) => [m.name, `${m.type}/${m.contains}`]));
    expect(got).toMatchObject({
      http_reqs: 'counter/default',
      iterations: 'counter/default',
      dropped_iterations: 'counter/default',
      data_sent: 'counter/data',
      data_received: 'counter/data',
      http_req_failed: 'rate/default',
      checks: 'rate/default',
      vus: 'gauge/default',
      vus_max: 'gauge/default',
      http_req_duration: 'trend/time',
      http_req_waiting: 'trend/time',
      http_req_connecting: 'trend/time',
      http_req_tls_handshaking: 'trend/time',
      http_req_sending: 'trend/time',
      http_req_receiving: 'trend/time',
      http_req_blocked: 'trend/time',
      iteration_duration: 'trend/time',
      group_duration: 'trend/time',
      iteration_start_delay: 'trend/time',
    });
    expect(r.all()).toHaveLength(BUILTIN_METRICS.length);
  });

  it('is idempotent for the same type and throws on a conflicting redefinition', () => {
    const r = new MetricsRegistry({ series: false });
    const a = r.define('orders', 'counter');
    expect(r.define('orders', 'counter')).toBe(a);
    expect(() => r.define('orders', 'trend')).toThrow('metric "orders" is already defined as counter (default); cannot redefine it as trend (default)');
    expect(() => r.define('orders', 'counter', 'data')).toThrow(/cannot redefine/);
  });

  it('rejects bad names and unknown types', () => {
    const r = new MetricsRegistry({ series: false });
    expect(() => r.define('1abc', 'counter')).toThrow(/invalid metric name "1abc"/);
    expect(() => r.define('a-b', 'counter')).toThrow(/invalid metric name/);
    expect(() => r.define('x'.repeat(129), 'counter')).toThrow(/invalid metric name/);
    expect(() => r.define('ok', 'histogram' as never)).toThrow(/invalid metric type "histogram"/);
    expect(() => r.add('nope', 1, {})).toThrow(/undefined metric "nope"/);
  });
});

describe('MetricsRegistry: sinks', () => {
  it('aggregates each type as k6 does', () => {
    const r = new MetricsRegistry({ series: false });
    r.define('c', 'counter');
    r.define('g', 'gauge');
    r.define('r', 'rate');
    r.define('t', 'trend', 'time');
    [1, 2, 3].forEach((v) => r.add('c', v, {}));
    [5, 2, 9, 4].forEach((v, i) => r.add('g', v, {}, T0 + i));
    [1, 0, 1, 1, 0.5, 0].forEach((v) => r.add('r', v, {}));
    for (let i = 1; i <= 1000; i++) r.add('t', i, {});
    const c = r.get('c')!.sink;
    expect([c.stat('count', 2000), c.stat('rate', 2000)]).toEqual([6, 3]);
    const g = r.get('g')!.sink;
    expect([g.stat('value', 0), g.stat('min', 0), g.stat('max', 0)]).toEqual([4, 2, 9]);
    const rt = r.get('r')!.sink;
    expect([rt.stat('rate', 0), rt.stat('passes', 0), rt.stat('fails', 0)]).toEqual([4 / 6, 4, 2]);
    const t = r.get('t')!.sink;
    expect(t.stat('avg', 0)).toBe(500.5);
    expect(t.stat('min', 0)).toBe(1);
    expect(t.stat('max', 0)).toBe(1000);
    expect(t.stat('count', 0)).toBe(1000);
    expect(Math.abs(t.stat('med', 0)! - 500) / 500).toBeLessThan(0.002);
    expect(Math.abs(t.stat('p', 0, 95)! - 950) / 950).toBeLessThan(0.002);
    expect(t.stat('p', 0, 100)).toBe(1000); // bucket edges never exceed the exact max
    expect(t.stat('value', 0)).toBeUndefined();
    expect(c.stat('avg', 0)).toBeUndefined();
  });

  it('keeps non-time Trends in range: sizes up to 10^12 and fractions to 0.001', () => {
    const r = new MetricsRegistry({ series: false });
    r.define('sizes', 'trend', 'data');
    r.define('scores', 'trend');
    for (let i = 0; i < 100; i++) r.add('sizes', 5e9 + i, {});
    r.add('scores', 0.25, {});
    r.add('scores', 0.75, {});
    r.add('scores', -1, {});
    const s = r.get('sizes')!.sink;
    expect(Math.abs(s.stat('p', 0, 50)! - 5e9) / 5e9).toBeLessThan(0.001);
    const sc = r.get('scores')!.sink;
    expect(sc.stat('min', 0)).toBe(-1);
    expect(sc.stat('avg', 0)).toBe(0);
    expect(sc.stat('max', 0)).toBeCloseTo(0.75, 3);
  });

  it('ignores non-finite values and counts them', () => {
    const r = new MetricsRegistry({ series: false });
    r.define('c', 'counter');
    r.add('c', Number.NaN, {});
    r.add('c', Number.POSITIVE_INFINITY, {});
    r.add('c', 1, {});
    expect(r.get('c')!.sink.stat('count', 0)).toBe(1);
    expect(r.invalidSamples).toBe(2);
  });
});

describe('MetricsRegistry: submetrics and listeners', () => {
  it('feeds the parent and every matching submetric, by all selector tags', () => {
    const r = new MetricsRegistry({ series: false });
    r.define('d', 'trend', 'time');
    const promo = r.submetric('d{scenario:promo}');
    const promo200 = r.submetric('d{scenario:promo, status:"200"}');
    const grouped = r.submetric('d{group:::checkout}');
    expect(r.submetric('d{ status:200,scenario:promo }')).toBe(promo200); // same tag set, any order
    expect(promo.parent?.name).toBe('d');
    r.add('d', 10, { scenario: 'promo', status: '200' });
    r.add('d', 20, { scenario: 'promo', status: '500' });
    r.add('d', 30, { scenario: 'base', status: '200', group: '::checkout' });
    r.add('d', 40, {});
    expect(r.get('d')!.sink.samples).toBe(4);
    expect(promo.sink.samples).toBe(2);
    expect(promo200.sink.samples).toBe(1);
    expect(promo200.sink.stat('max', 0)).toBe(10);
    expect(grouped.sink.samples).toBe(1);
    expect(r.get('d{scenario:promo}')).toBe(promo);
    expect(r.all().filter((m) => m.parent !== null)).toHaveLength(3);
  });

  it('refuses submetrics of unknown metrics and malformed selectors', () => {
    const r = new MetricsRegistry({ series: false });
    r.define('d', 'trend', 'time');
    expect(() => r.submetric('x{a:1}')).toThrow(/no metric named "x"/);
    expect(() => r.submetric('d{a}')).toThrow(/malformed/);
  });

  it('calls listeners per sample and stops after unsubscribe', () => {
    const r = new MetricsRegistry({ series: false });
    r.define('c', 'counter');
    const seen: unknown[] = [];
    const off = r.onSample((n, v, t, time) => seen.push([n, v, t, time]));
    r.add('c', 2, { a: 'b' }, T0);
    off();
    r.add('c', 3, {}, T0);
    expect(seen).toEqual([['c', 2, { a: 'b' }, T0]]);
  });
});

describe('MetricsRegistry: snapshot and merge', () => {
  function fill(r: MetricsRegistry, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const tags = { scenario: i % 3 ? 'promo' : 'base' };
      const t = T0 + i * 7;
      r.add('http_req_duration', (i * 7919) % 5000 / 10, tags, t);
      r.add('http_reqs', 1, tags, t);
      r.add('checks', i % 5 ? 1 : 0, tags, t);
      r.add('vus', i % 17, tags, t);
    }
  }
  function make(): MetricsRegistry {
    const r = new MetricsRegistry({ origin: T0 });
    defineBuiltins(r);
    r.submetric('http_req_duration{scenario:promo}');
    return r;
  }

  it('merges two halves into exactly what one registry holds', () => {
    const a = make();
    const b = make();
    const all = make();
    fill(a, 0, 5000);
    fill(b, 5000, 10000);
    fill(all, 0, 10000);
    const wire: RegistrySnapshot = JSON.parse(JSON.stringify(a.snapshot()));
    const merged = MetricsRegistry.fromSnapshot(wire);
    merged.merge(JSON.parse(JSON.stringify(b.snapshot())));
    for (const name of ['http_req_duration', 'http_req_duration{scenario:promo}']) {
      const x = merged.get(name)!.sink;
      const y = all.get(name)!.sink;
      for (const m of ['count', 'min', 'max', 'med']) expect(x.stat(m, 0), `${name} ${m}`).toBe(y.stat(m, 0));
      expect(x.stat('avg', 0)).toBeCloseTo(y.stat('avg', 0)!, 9);
      for (const p of [50, 90, 95, 99, 99.9, 100]) expect(x.stat('p', 0, p), `${name} p(${p})`).toBe(y.stat('p', 0, p));
    }
    expect(merged.get('http_reqs')!.sink.stat('count', 1000)).toBe(10000);
    expect(merged.get('checks')!.sink.stat('rate', 0)).toBe(all.get('checks')!.sink.stat('rate', 0));
    const g = merged.get('vus')!.sink;
    expect([g.stat('value', 0), g.stat('min', 0), g.stat('max', 0)]).toEqual([9999 % 17, 0, 16]);
    const series = merged.get('http_reqs')!.series!.list();
    expect(series.reduce((s, p) => s + p.count, 0)).toBe(10000);
  });

  it('rejects a foreign snapshot and a type conflict', () => {
    const r = make();
    expect(() => r.merge({ format: 'x', origin: 0, metrics: [] } as never)).toThrow(/unknown metrics snapshot format/);
    const s = r.snapshot();
    const other = new MetricsRegistry({ series: false });
    other.define('http_reqs', 'trend');
    expect(() => other.merge(s)).toThrow(/already defined as trend/);
  });
});
