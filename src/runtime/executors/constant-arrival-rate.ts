/**
 * constant-arrival-rate: `rate` iterations per `timeUnit` for `duration`, whatever the
 * response times (open model). Iteration i is due at i·timeUnit/rate.
 */
import type { ExecutionTuple } from '../execution-segment.ts';
import { FieldReader, type BaseScenarioConfig, type ExecutorDefinition } from './base-executor.ts';
import { runArrivals } from './arrival-loop.ts';

export interface ConstantArrivalRateConfig extends BaseScenarioConfig {
  rate: number;
  timeUnitMs: number;
  durationMs: number;
  preAllocatedVUs: number;
  maxVUs: number;
}

export const constantArrivalRate: ExecutorDefinition<ConstantArrivalRateConfig> = {
  type: 'constant-arrival-rate',
  parse(name, raw) {
    const r = new FieldReader(name, raw, ['rate', 'timeUnit', 'duration', 'preAllocatedVUs', 'maxVUs']);
    const base = r.base();
    const rate = r.int('rate', undefined, 1);
    const timeUnitMs = r.duration('timeUnit', 1000, 1);
    const durationMs = r.duration('duration', undefined, 1000);
    const preAllocatedVUs = r.int('preAllocatedVUs', undefined, 0);
    const maxVUs = r.has('maxVUs') ? r.int('maxVUs', preAllocatedVUs, 0) : preAllocatedVUs;
    if (maxVUs < preAllocatedVUs) r.fail(`"maxVUs" (${maxVUs}) must not be lower than "preAllocatedVUs" (${preAllocatedVUs})`);
    if (r.errors.length === 0 && maxVUs === 0) r.fail('"preAllocatedVUs" or "maxVUs" must be above 0');
    return { config: { ...base, rate, timeUnitMs, durationMs, preAllocatedVUs, maxVUs }, errors: r.errors };
  },
  preAllocatedVUs: (c, t: ExecutionTuple) => t.scale(c.preAllocatedVUs),
  maxVUs: (c, t: ExecutionTuple) => t.scale(c.maxVUs),
  maxDurationMs: (c) => c.durationMs + c.gracefulStopMs,
  run(c, ctx) {
    const period = c.timeUnitMs / c.rate;
    return runArrivals(ctx, {
      dueAt: (n) => {
        const t = n * period;
        return t < c.durationMs ? t : undefined;
      },
      durationMs: c.durationMs,
      preAllocatedVUs: ctx.tuple.scale(c.preAllocatedVUs),
      maxVUs: ctx.tuple.scale(c.maxVUs),
      gracefulStopMs: c.gracefulStopMs,
    });
  },
};
