/**
 * shared-iterations: `iterations` iterations shared by `vus` VUs (a fast VU does more), within
 * `maxDuration`. With execution segments each instance takes its striped share of both.
 */
import type { ExecutionTuple } from '../execution-segment.ts';
import { InFlight, sleepUntil, type ExecutorDefinition } from './base-executor.ts';
import { readIterationsConfig, type IterationsConfig } from './iterations-config.ts';
import { closedLoop } from './closed-loop.ts';

export type SharedIterationsConfig = IterationsConfig;

export const sharedIterations: ExecutorDefinition<SharedIterationsConfig> = {
  type: 'shared-iterations',
  parse(name, raw) {
    const { config, reader: r } = readIterationsConfig(name, raw);
    if (config.iterations < config.vus && r.errors.length === 0) {
      r.fail(`"iterations" (${config.iterations}) must be at least "vus" (${config.vus})`);
    }
    return { config, errors: r.errors };
  },
  preAllocatedVUs: (c, t: ExecutionTuple) => Math.min(t.scale(c.vus), t.scale(c.iterations)),
  maxVUs: (c, t: ExecutionTuple) => Math.min(t.scale(c.vus), t.scale(c.iterations)),
  maxDurationMs: (c) => c.maxDurationMs + c.gracefulStopMs,
  async run(c, ctx) {
    const start = ctx.now();
    const end = start + c.maxDurationMs;
    const total = ctx.tuple.scale(c.iterations);
    const n = Math.min(ctx.tuple.scale(c.vus), total);
    const inFlight = new InFlight();
    const deadline = new AbortController();
    let next = 0;
    const claim = () => {
      if (next >= total || ctx.now() >= end || ctx.stopSignal.aborted) return undefined;
      const k = next++;
      ctx.setProgress(next / total);
      return ctx.tuple.globalIndex(k);
    };
    const loops = Array.from({ length: n }, () => closedLoop(ctx, inFlight, () => true, claim));
    const all = Promise.all(loops).then(() => deadline.abort());
    // a failing VU init surfaces from the await of `all` below; until then it is not "unhandled"
    all.catch(() => {});
    await sleepUntil(ctx, end, AbortSignal.any([deadline.signal, ctx.stopSignal]));
    await inFlight.drain(c.gracefulStopMs, ctx.stopSignal);
    await Promise.race([all, new Promise((r) => setTimeout(r, 1000))]);
    if (next < total) ctx.dropped(total - next);
  },
};
