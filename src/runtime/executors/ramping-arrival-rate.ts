/**
 * ramping-arrival-rate: the arrival rate follows linear stages from `startRate`. Iteration n
 * starts when the integral of the rate reaches n, the integral of each linear ramp solved
 * exactly (a quadratic), so the schedule has no step error whatever the stage lengths.
 */
import type { ExecutionTuple } from '../execution-segment.ts';
import { FieldReader, type BaseScenarioConfig, type ExecutorDefinition, type Stage } from './base-executor.ts';
import { runArrivals } from './arrival-loop.ts';

export interface RampingArrivalRateConfig extends BaseScenarioConfig {
  startRate: number;
  timeUnitMs: number;
  stages: Stage[];
  preAllocatedVUs: number;
  maxVUs: number;
}

/**
 * Start time (ms) of iteration n for rates given per `timeUnitMs`; undefined past the last
 * stage. Queries must come with non-decreasing n (a cursor walks the stages).
 */
export class RampSchedule {
  private stage = 0;
  private stageStartMs = 0;
  private countBefore = 0;
  private from: number;

  constructor(
    startRate: number,
    private readonly stages: readonly Stage[],
    private readonly timeUnitMs: number,
  ) {
    this.from = startRate;
  }

  /** Iterations in a stage: the area under its rate line. */
  private area(s: Stage, from: number): number {
    return (((from + s.target) / 2) * s.durationMs) / this.timeUnitMs;
  }

  timeOf(n: number): number | undefined {
    for (;;) {
      const s = this.stages[this.stage];
      if (!s) return undefined;
      const area = this.area(s, this.from);
      const c = n - this.countBefore;
      // strictly below the stage's area: an iteration exactly at the end belongs to the next
      if (c < area - 1e-9) {
        const b = this.from / this.timeUnitMs; // per ms at the stage start
        const a = (s.target - this.from) / this.timeUnitMs / (2 * s.durationMs); // half the slope
        // a·t² + b·t = c, in the cancellation-free form t = 2c / (b + √(b² + 4ac))
        const disc = Math.max(0, b * b + 4 * a * c);
        const den = b + Math.sqrt(disc);
        const t = den === 0 ? 0 : (2 * c) / den;
        return this.stageStartMs + Math.min(t, s.durationMs);
      }
      this.countBefore += area;
      this.stageStartMs += s.durationMs;
      this.from = s.target;
      this.stage++;
    }
  }
}

export const rampingArrivalRate: ExecutorDefinition<RampingArrivalRateConfig> = {
  type: 'ramping-arrival-rate',
  parse(name, raw) {
    const r = new FieldReader(name, raw, ['startRate', 'timeUnit', 'stages', 'preAllocatedVUs', 'maxVUs']);
    const base = r.base();
    const startRate = r.int('startRate', 0, 0);
    const timeUnitMs = r.duration('timeUnit', 1000, 1);
    const stages = r.stages('stages');
    const preAllocatedVUs = r.int('preAllocatedVUs', undefined, 0);
    const maxVUs = r.has('maxVUs') ? r.int('maxVUs', preAllocatedVUs, 0) : preAllocatedVUs;
    if (maxVUs < preAllocatedVUs) r.fail(`"maxVUs" (${maxVUs}) must not be lower than "preAllocatedVUs" (${preAllocatedVUs})`);
    if (r.errors.length === 0 && maxVUs === 0) r.fail('"preAllocatedVUs" or "maxVUs" must be above 0');
    if (r.errors.length === 0 && startRate === 0 && stages.every((s) => s.target === 0)) r.fail('the rate is 0 throughout: no iteration would run');
    return { config: { ...base, startRate, timeUnitMs, stages, preAllocatedVUs, maxVUs }, errors: r.errors };
  },
  preAllocatedVUs: (c, t: ExecutionTuple) => t.scale(c.preAllocatedVUs),
  maxVUs: (c, t: ExecutionTuple) => t.scale(c.maxVUs),
  maxDurationMs: (c) => c.stages.reduce((a, s) => a + s.durationMs, 0) + c.gracefulStopMs,
  run(c, ctx) {
    const schedule = new RampSchedule(c.startRate, c.stages, c.timeUnitMs);
    return runArrivals(ctx, {
      dueAt: (n) => schedule.timeOf(n),
      durationMs: c.stages.reduce((a, s) => a + s.durationMs, 0),
      preAllocatedVUs: ctx.tuple.scale(c.preAllocatedVUs),
      maxVUs: ctx.tuple.scale(c.maxVUs),
      gracefulStopMs: c.gracefulStopMs,
    });
  },
};
