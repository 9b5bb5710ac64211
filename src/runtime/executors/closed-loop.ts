/**
 * The loop every closed-model executor runs on each of its VUs: take a VU, run iterations back
 * to back while `more(done)` says so, give the VU back. `more` is asked before each iteration
 * with the VU's own count, so per-VU budgets, shared budgets and deadlines fit the same loop;
 * `claim` (shared-iterations) hands out global iteration numbers and ends the loop when none
 * are left.
 */
import type { Vu } from '../vu.ts';
import type { ExecutorContext, InFlight } from './base-executor.ts';

export async function closedLoop(
  ctx: ExecutorContext,
  inFlight: InFlight,
  more: (done: number) => boolean,
  claim?: () => number | undefined,
  onVu?: (vu: Vu) => void,
): Promise<number> {
  const vu = ctx.tryAcquireVu() ?? (await ctx.initVu());
  onVu?.(vu);
  let done = 0;
  try {
    while (!vu.retired && more(done)) {
      let global: number | undefined;
      if (claim) {
        global = claim();
        if (global === undefined) break;
      }
      await inFlight.run(ctx, vu, ctx.now(), global);
      done++;
    }
  } finally {
    ctx.releaseVu(vu);
  }
  return done;
}
