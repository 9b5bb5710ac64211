/**
 * `k6/metrics`: Counter, Gauge, Rate, Trend. Constructing one defines the metric in the run's
 * registry (idempotent, so every VU's init context may construct it); `add` emits a sample
 * with the VU's current tags plus the ones given.
 *
 * The per-VU constructors are plain functions returning a `CustomMetric` (a shared class):
 * `new Counter('x')` works the same, and 10,000 VUs do not each carry four classes.
 */
import type { MetricType, ValueType } from '../metrics/registry.ts';
import type { RunState } from './run-state.ts';
import type { Vu } from '../vu.ts';
import { moduleObject } from './module-object.ts';

export class CustomMetric {
  constructor(
    private readonly vu: Vu,
    private readonly run: RunState,
    private readonly type: MetricType,
    readonly name: string,
  ) {}

  add(value: number | boolean, tags?: Record<string, string>): void {
    let v: number;
    if (this.type === 'rate') v = value ? 1 : 0;
    else if (typeof value === 'boolean') v = value ? 1 : 0;
    else v = Number(value);
    if (!Number.isFinite(v)) throw new TypeError(`${this.name}.add: value must be a finite number, got ${String(value)}`);
    let t = this.vu.tags();
    if (tags) {
      const merged: Record<string, string> = { ...t };
      for (const [k, x] of Object.entries(tags)) merged[k] = String(x);
      t = merged;
    }
    this.run.registry.add(this.name, v, t);
  }
}

export function createMetricsModule(vu: Vu, run: RunState) {
  const make = (type: MetricType) =>
    function (name: string, isTime = false): CustomMetric {
      if (!vu.inInit) throw new Error(`metrics must be declared in the init context (new ${type} "${name}")`);
      const contains: ValueType = isTime && (type === 'trend' || type === 'gauge') ? 'time' : 'default';
      run.registry.define(name, type, contains);
      return new CustomMetric(vu, run, type, name);
    };
  return moduleObject({ Counter: make('counter'), Gauge: make('gauge'), Rate: make('rate'), Trend: make('trend') });
}
