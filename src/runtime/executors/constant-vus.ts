/**
 * constant-vus: a fixed number of VUs loop over the iteration function for a duration.
 * Closed model: a VU starts its next iteration when the previous one ends, so
 * iteration_start_delay is only the engine's own overhead.
 */
import type { ExecutionTuple } from '../execution-segment.ts';
import { FieldReader, InFlight, sleepUntil, type BaseScenarioConfig, type ExecutorContext, type ExecutorDefinition } from './base-executor.ts';
import { closedLoop } from './closed-loop.ts';

export interface ConstantVusConfig extends BaseScenarioConfig {
  vus: number;
  durationMs: number;
}

export const constantVus: ExecutorDefinition<ConstantVusConfig> = {
  type: 'constant-vus',
  parse(name, raw) {
    const r = new FieldReader(name, raw, ['vus', 'duration']);
    const config = { ...r.base(), vus: r.int('vus', 1, 1), durationMs: r.duration('duration', undefined, 1000) };
    return { config, errors: r.errors };
  },
  preAllocatedVUs: (c, t: ExecutionTuple) => t.scale(c.vus),
  maxVUs: (c, t: ExecutionTuple) => t.scale(c.vus),
  maxDurationMs: (c) => c.durationMs + c.gracefulStopMs,
  async run(c, ctx: ExecutorContext) {
    const start = ctx.now();
    const end = start + c.durationMs;
    const inFlight = new InFlight();
    const n = ctx.tuple.scale(c.vus);
    const loops: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      loops.push(closedLoop(ctx, inFlight, () => ctx.now() < end && !ctx.stopSignal.aborted));
    }
    // a failing VU init surfaces from the await of the loops below; until then it is not "unhandled"
    for (const l of loops) l.catch(() => {});
    const progress = setInterval(() => ctx.setProgress(Math.min(1, (ctx.now() - start) / c.durationMs)), 250);
    await sleepUntil(ctx, end, ctx.stopSignal);
    clearInterval(progress);
    ctx.setProgress(1);
    await inFlight.drain(c.gracefulStopMs, ctx.stopSignal);
    await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, 1000))]);
  },
};
