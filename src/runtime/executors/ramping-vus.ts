/**
 * ramping-vus: the number of looping VUs follows linear stages. Over a stage from a to b VUs
 * lasting d, VU count = a + trunc((b - a)·t/d): each change happens at an exact time. A VU
 * above the target finishes its iteration (at most gracefulRampDown, then it is interrupted)
 * and stops; at the end of the stages the rest get gracefulStop.
 */
import type { ExecutionTuple } from '../execution-segment.ts';
import type { Vu } from '../vu.ts';
import { FieldReader, InFlight, sleepUntil, type BaseScenarioConfig, type ExecutorDefinition, type Stage } from './base-executor.ts';
import { closedLoop } from './closed-loop.ts';

export interface RampingVusConfig extends BaseScenarioConfig {
  startVUs: number;
  stages: Stage[];
  gracefulRampDownMs: number;
}

/** Times (ms from start) at which the target VU count changes, and the new count. */
export function vuChanges(startVUs: number, stages: readonly Stage[], scale: (n: number) => number): { at: number; vus: number }[] {
  const out: { at: number; vus: number }[] = [{ at: 0, vus: scale(startVUs) }];
  let t = 0;
  let from = startVUs;
  for (const s of stages) {
    const delta = s.target - from;
    if (s.durationMs === 0 || delta === 0) {
      if (delta !== 0) out.push({ at: t, vus: scale(s.target) });
    } else {
      const steps = Math.abs(delta);
      for (let k = 1; k <= steps; k++) {
        const vus = scale(from + Math.sign(delta) * k);
        const at = t + (s.durationMs * k) / steps;
        if (vus !== out[out.length - 1]?.vus) out.push({ at, vus });
      }
    }
    t += s.durationMs;
    from = s.target;
  }
  return out;
}

export const rampingVus: ExecutorDefinition<RampingVusConfig> = {
  type: 'ramping-vus',
  parse(name, raw) {
    const r = new FieldReader(name, raw, ['startVUs', 'stages', 'gracefulRampDown']);
    const config = {
      ...r.base(),
      startVUs: r.int('startVUs', 1, 0),
      stages: r.stages('stages'),
      gracefulRampDownMs: r.duration('gracefulRampDown', 30_000),
    };
    if (r.errors.length === 0 && config.startVUs === 0 && config.stages.every((s) => s.target === 0)) {
      r.fail('either startVUs or one of the stages\' targets must be above 0');
    }
    return { config, errors: r.errors };
  },
  preAllocatedVUs: (c, t: ExecutionTuple) => t.scale(Math.max(c.startVUs, ...c.stages.map((s) => s.target))),
  maxVUs: (c, t: ExecutionTuple) => t.scale(Math.max(c.startVUs, ...c.stages.map((s) => s.target))),
  maxDurationMs: (c) => c.stages.reduce((a, s) => a + s.durationMs, 0) + c.gracefulStopMs,
  async run(c, ctx) {
    const start = ctx.now();
    const total = c.stages.reduce((a, s) => a + s.durationMs, 0);
    const end = start + total;
    const changes = vuChanges(c.startVUs, c.stages, (n) => ctx.tuple.scale(n));
    const inFlight = new InFlight();
    let target = 0;
    // slot i runs while i < target; `running[i]` is its loop, `vuOf[i]` its VU
    const running: (Promise<number> | undefined)[] = [];
    const vuOf: (Vu | undefined)[] = [];
    const rampDownTimers = new Set<NodeJS.Timeout>();
    // a VU that cannot be initialised (its init context throws) fails the scenario, once
    let failure: unknown;
    const startSlot = (i: number) => {
      if (running[i] || failure !== undefined) return;
      running[i] = closedLoop(
        ctx,
        inFlight,
        () => i < target && ctx.now() < end && !ctx.stopSignal.aborted,
        undefined,
        (vu) => (vuOf[i] = vu),
      ).then(
        (n) => {
          running[i] = undefined;
          vuOf[i] = undefined;
          if (i < target && ctx.now() < end && !ctx.stopSignal.aborted) startSlot(i);
          return n;
        },
        (e: unknown) => {
          running[i] = undefined;
          vuOf[i] = undefined;
          failure ??= e;
          return 0;
        },
      );
    };
    for (const ch of changes) {
      await sleepUntil(ctx, start + ch.at, ctx.stopSignal);
      if (ctx.stopSignal.aborted) break;
      const before = target;
      target = ch.vus;
      for (let i = before; i < target; i++) startSlot(i);
      for (let i = target; i < before; i++) {
        const vu = vuOf[i];
        if (!vu) continue;
        // gracefulRampDown: let the iteration finish, interrupt it if it takes longer
        const t = setTimeout(() => {
          rampDownTimers.delete(t);
          if (vuOf[i] === vu && i >= target && inFlight.isBusy(vu)) vu.interrupt();
        }, c.gracefulRampDownMs);
        rampDownTimers.add(t);
      }
      ctx.setProgress(Math.min(1, ch.at / (total || 1)));
    }
    await sleepUntil(ctx, end, ctx.stopSignal);
    target = 0;
    ctx.setProgress(1);
    await inFlight.drain(c.gracefulStopMs, ctx.stopSignal);
    for (const t of rampDownTimers) clearTimeout(t);
    await Promise.race([Promise.all(running.filter(Boolean)), new Promise((r) => setTimeout(r, 1000))]);
    if (failure !== undefined) throw failure;
  },
};
