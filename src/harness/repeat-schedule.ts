/**
 * When the rounds of `--repeat` start, and when they stop. Rounds start on slots like a cron:
 * slot k is `start + k × every`. A round that overruns the next slot is followed at once by one
 * round (taking the latest slot whose time has come), never by a burst of catch-up rounds: the
 * slots passed before it are skipped, and said so.
 */
import type { RepeatPlan } from './repeat-plan.ts';

export type EndReason = 'count' | 'until';

export interface NextRound {
  /** Index of the slot the next round takes (0 for the first). */
  slot: number;
  /** When it starts, epoch ms. */
  at: number;
  /** Slots passed without a round because the previous round overran them. */
  skipped: number;
}

/** The slot for the next round, given the slot of the last one (-1 before the first) and the time now. */
export function nextRound(plan: Pick<RepeatPlan, 'everyMs'>, startedAt: number, lastSlot: number, now: number): NextRound {
  const due = lastSlot + 1;
  const latestCome = Math.floor((now - startedAt) / plan.everyMs);
  const slot = Math.max(due, latestCome);
  return { slot, at: startedAt + slot * plan.everyMs, skipped: slot - due };
}

/** Why no further round starts, or undefined while one may: `roundsRun` done, the next one due at `at`. */
export function endReason(plan: Pick<RepeatPlan, 'count' | 'untilMs'>, roundsRun: number, at: number): EndReason | undefined {
  if (plan.count !== undefined && roundsRun >= plan.count) return 'count';
  if (plan.untilMs !== undefined && at >= plan.untilMs) return 'until';
  return undefined;
}
