/**
 * The open-model loop both arrival-rate executors share. Iteration n (a global number; this
 * instance runs the ones its execution segment owns) is due at `start + dueAt(n)`: an absolute
 * schedule, so a late timer fires every overdue start at once instead of shifting the rest.
 * No free VU at a due time: the iteration is dropped (dropped_iterations +1), one more VU is
 * initialised in the background while below maxVUs, and "Insufficient VUs" is warned once.
 * As in k6 (lib/executor/constant_arrival_rate.go: one goroutine reads an unbuffered channel,
 * a drop while it is busy asks for nothing), at most one unplanned VU is initialising at a
 * time. An init context runs on the event loop here, so one init per drop would turn a
 * 100 ms stall at 5,000/s into 500 back-to-back inits: a longer stall, more drops, more
 * VUs, larger heaps and longer GC pauses, until maxVUs.
 *
 * Behind schedule, the loop still yields to the event loop between batches (setImmediate: after
 * the poll phase). It used to start every overdue iteration back to back without yielding, and
 * in the first burst, where each start cost more than the 0.2 ms between starts at 5,000/s
 * (cold code, a new connection), it started all preAllocatedVUs in one 170 ms turn in which no
 * connect completed and no response was read, then dropped what came due after.
 */
import type { Vu } from '../vu.ts';
import { InFlight, preciseWaitUntil, type ExecutorContext } from './base-executor.ts';

/**
 * Iterations closer together than this are started in per-tick batches rather than polled for:
 * polling costs up to ~1.5 ms of CPU per gap, i.e. up to 15% of a core at this gap, and it only
 * buys the last millisecond of precision.
 */
const DENSE_GAP_MS = 10;

export interface ArrivalPlan {
  /** ms after the scenario start at which global iteration n is due; undefined when past the end. */
  dueAt(n: number): number | undefined;
  durationMs: number;
  preAllocatedVUs: number;
  maxVUs: number;
  gracefulStopMs: number;
}

/** Resolves after the event loop's next poll phase: pending connects and responses are handled first. */
function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function runArrivals(ctx: ExecutorContext, plan: ArrivalPlan): Promise<void> {
  const start = ctx.now();
  const free: Vu[] = [];
  const all: Vu[] = [];
  for (let i = 0; i < plan.preAllocatedVUs; i++) {
    const vu = ctx.tryAcquireVu() ?? (await ctx.initVu());
    free.push(vu);
    all.push(vu);
  }
  const inFlight = new InFlight();
  let initialising = false;
  let warned = false;
  let initFailed = false;
  let dropped = 0;
  const flushDropped = () => {
    if (dropped > 0) ctx.dropped(dropped);
    dropped = 0;
  };
  const tuple = ctx.tuple;
  let n = 0;
  while (!tuple.owns(n)) n++;
  const release = (vu: Vu) => () => {
    free.push(vu);
  };
  let due = plan.dueAt(n);
  let prevDue = -Infinity;
  while (due !== undefined && !ctx.stopSignal.aborted) {
    const at = start + due;
    if (ctx.now() < at) {
      flushDropped();
      ctx.setProgress(Math.min(1, (ctx.now() - start) / plan.durationMs));
      // sparse schedule: poll for a precise start; dense: batch per timer tick (see preciseWaitUntil)
      await preciseWaitUntil(ctx.now, at, ctx.stopSignal, due - prevDue >= DENSE_GAP_MS);
      if (ctx.stopSignal.aborted) break;
    } else {
      // behind schedule: let I/O run before the next batch (see the file's comment)
      await yieldToIo();
      if (ctx.stopSignal.aborted) break;
    }
    const now = ctx.now();
    // every iteration due by now starts now: batch per tick keeps up with high rates
    while (due !== undefined && start + due <= now) {
      const vu = free.pop();
      if (vu) {
        inFlight.run(ctx, vu, start + due, n).then(release(vu));
      } else {
        dropped++;
        if (!warned) {
          warned = true;
          ctx.warn(
            `Insufficient VUs, reached ${all.length} active VUs and cannot initialize more` +
              (all.length < plan.maxVUs ? ` yet (initialising up to maxVUs ${plan.maxVUs})` : ` (maxVUs ${plan.maxVUs})`),
          );
        }
        if (!initialising && !initFailed && all.length < plan.maxVUs) {
          initialising = true;
          ctx.initVu().then(
            (v) => {
              initialising = false;
              all.push(v);
              free.push(v);
            },
            (e: unknown) => {
              initialising = false;
              // the scenario goes on with the VUs it has; the failure is said once
              if (!initFailed) ctx.warn(`a VU could not be initialised, continuing with ${all.length}: ${(e as Error)?.message ?? String(e)}`);
              initFailed = true;
            },
          );
        }
      }
      prevDue = due;
      do n++;
      while (!tuple.owns(n));
      due = plan.dueAt(n);
    }
  }
  flushDropped();
  ctx.setProgress(1);
  // wait out the schedule's end before the graceful stop begins (k6: duration, then gracefulStop)
  const endAt = start + plan.durationMs;
  if (!ctx.stopSignal.aborted && ctx.now() < endAt) await preciseWaitUntil(ctx.now, endAt, ctx.stopSignal);
  await inFlight.drain(plan.gracefulStopMs, ctx.stopSignal);
  // VUs still initialising when the scenario ends are handed back as they arrive
  const deadline = ctx.now() + 5000;
  while (initialising && ctx.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  for (const vu of all) ctx.releaseVu(vu);
}
