/**
 * `k6/metrics`: Counter, Gauge, Rate, Trend. Constructing one defines the metric in the run's
 * registry (idempotent, so every VU's init context may construct it); `add` emits a sample
 * with the VU's current tags plus the ones given.
 */
import type { MetricType, ValueType } from '../metrics/registry.ts';
import type { RunState } from '../run-state.ts';
import type { Vu } from '../vu.ts';

export function createMetricsModule(vu: Vu, run: RunState) {
  function make(type: MetricType) {
    return class {
      readonly name: string;
      constructor(name: string, isTime = false) {
        if (!vu.inInit) throw new Error(`metrics must be declared in the init context (new ${type} "${name}")`);
        const contains: ValueType = isTime ? 'time' : 'default';
        run.registry.define(name, type, type === 'trend' || type === 'gauge' ? contains : 'default');
        this.name = name;
      }
      add(value: number | boolean, tags?: Record<string, string>): void {
        let v: number;
        if (type === 'rate') v = value ? 1 : 0;
        else if (typeof value === 'boolean') v = value ? 1 : 0;
        else v = Number(value);
        if (!Number.isFinite(v)) throw new TypeError(`${this.name}.add: value must be a finite number, got ${String(value)}`);
        let t = vu.tags();
        if (tags) {
          const merged: Record<string, string> = { ...t };
          for (const [k, x] of Object.entries(tags)) merged[k] = String(x);
          t = merged;
        }
        run.registry.add(this.name, v, t);
      }
    };
  }
  const mod = { Counter: make('counter'), Gauge: make('gauge'), Rate: make('rate'), Trend: make('trend') };
  return { ...mod, default: mod };
}
