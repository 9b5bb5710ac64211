import { describe, expect, it } from 'vitest';
import { endReason, nextRound, type NextRound } from '../repeat-schedule.ts';

const START = 1_000_000;
const EVERY = 60_000;

const nextCases: { name: string; lastSlot: number; now: number; want: NextRound }[] = [
  { name: 'the first round starts at once', lastSlot: -1, now: START + 5, want: { slot: 0, at: START, skipped: 0 } },
  { name: 'a round within its slot: the next slot, ahead', lastSlot: 0, now: START + 20_000, want: { slot: 1, at: START + EVERY, skipped: 0 } },
  { name: 'a round ending right at the next slot', lastSlot: 0, now: START + EVERY, want: { slot: 1, at: START + EVERY, skipped: 0 } },
  { name: 'a round overrunning into the next slot: that slot, at once', lastSlot: 0, now: START + EVERY + 100, want: { slot: 1, at: START + EVERY, skipped: 0 } },
  { name: 'a round overrunning two slots: the latest, one skipped', lastSlot: 0, now: START + 2 * EVERY + 100, want: { slot: 2, at: START + 2 * EVERY, skipped: 1 } },
  { name: 'a round overrunning five slots: four skipped', lastSlot: 3, now: START + 9 * EVERY - 1, want: { slot: 8, at: START + 8 * EVERY, skipped: 4 } },
];

const endCases: { name: string; plan: { count?: number; untilMs?: number }; roundsRun: number; at: number; want: ReturnType<typeof endReason> }[] = [
  { name: 'rounds left before the count', plan: { count: 3 }, roundsRun: 2, at: START, want: undefined },
  { name: 'the count reached', plan: { count: 3 }, roundsRun: 3, at: START, want: 'count' },
  { name: 'before --until', plan: { untilMs: START + EVERY }, roundsRun: 7, at: START + EVERY - 1, want: undefined },
  { name: 'a round due at --until does not start', plan: { untilMs: START + EVERY }, roundsRun: 7, at: START + EVERY, want: 'until' },
  { name: 'both bounds: the count first', plan: { count: 1, untilMs: START + EVERY }, roundsRun: 1, at: START, want: 'count' },
  { name: 'both bounds: --until first', plan: { count: 10, untilMs: START + EVERY }, roundsRun: 1, at: START + EVERY, want: 'until' },
];

describe('the slots of --repeat', () => {
  for (const c of nextCases) it(c.name, () => expect(nextRound({ everyMs: EVERY }, START, c.lastSlot, c.now)).toEqual(c.want));
});

describe('the end of --repeat', () => {
  for (const c of endCases) it(c.name, () => expect(endReason(c.plan, c.roundsRun, c.at)).toBe(c.want));
});
