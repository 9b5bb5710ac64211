/**
 * per-vu-iterations: each VU runs exactly `iterations` iterations, within `maxDuration`.
 * Iterations not started when maxDuration ends count as dropped (k6).
 */
import type { ExecutionTuple } from '../execution-segment.ts';
import { InFlight, sleepUntil, type ExecutorDefinition } from './base-executor.ts';
import { readIterationsConfig, type IterationsConfig } from './iterations-config.ts';
import { closedLoop } from './closed-loop.ts';

export type PerVuIterationsConfig = IterationsConfig;

export const perVuIterations: ExecutorDefinition<PerVuIterationsConfig> = {
  type: 'per-vu-iterations',
  parse(name, raw) {
    const { config, reader: r } = readIterationsConfig(name, raw);
    return { config, errors: r.errors };
  },
  preAllocatedVUs: (c, t: ExecutionTuple) => t.scale(c.vus),
  maxVUs: (c, t: ExecutionTuple) => t.scale(c.vus),
  maxDurationMs: (c) => c.maxDurationMs + c.gracefulStopMs,
  async run(c, ctx) {
    const start = ctx.now();
    const end = start + c.maxDurationMs;
    const n = ctx.tuple.scale(c.vus);
    const inFlight = new InFlight();
    const deadline = new AbortController();
    let started = 0;
    const loops = Array.from({ length: n }, () =>
      closedLoop(ctx, inFlight, (done) => {
        if (done >= c.iterations || ctx.now() >= end || ctx.stopSignal.aborted) return false;
        started++;
        ctx.setProgress(started / (n * c.iterations));
        return true;
      }),
    );
    const all = Promise.all(loops).then(() => deadline.abort());
    // a failing VU init surfaces from the await of `all` below; until then it is not "unhandled"
    all.catch(() => {});
    await sleepUntil(ctx, end, AbortSignal.any([deadline.signal, ctx.stopSignal]));
    await inFlight.drain(c.gracefulStopMs, ctx.stopSignal);
    await Promise.race([all, new Promise((r) => setTimeout(r, 1000))]);
    const planned = n * c.iterations;
    if (started < planned) ctx.dropped(planned - started);
  },
};
