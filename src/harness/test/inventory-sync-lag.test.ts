import { describe, expect, it } from 'vitest';
import { keyLags } from '../inventory-sync-lag.ts';

const ch = (at: number, available: number) => ({ at, available });
const up = (t: number, quantity: number) => ({ t, quantity });

const cases: {
  name: string;
  changes: ReturnType<typeof ch>[];
  updates: ReturnType<typeof up>[];
  since?: number;
  lags: number[];
  unsynced: number;
}[] = [
  { name: 'one change, one push', changes: [ch(100, 5)], updates: [up(130, 5)], lags: [30], unsynced: 0 },
  {
    name: 'a coalesced push settles every change it includes',
    changes: [ch(100, 5), ch(110, 6), ch(120, 7)],
    updates: [up(150, 7)],
    lags: [50, 40, 30],
    unsynced: 0,
  },
  {
    name: 'a stale push (older value) settles only what it includes',
    changes: [ch(100, 5), ch(110, 6)],
    updates: [up(115, 5), up(140, 6)],
    lags: [15, 30],
    unsynced: 0,
  },
  {
    name: 'a push of a value not yet accepted at that time does not count',
    changes: [ch(100, 5), ch(200, 9)],
    updates: [up(150, 9), up(150, 5), up(260, 9)],
    lags: [50, 60],
    unsynced: 0,
  },
  { name: 'never pushed', changes: [ch(100, 5)], updates: [up(90, 5)], lags: [], unsynced: 1 },
  {
    name: 'changes before `since` settle but are not measured',
    changes: [ch(10, 1), ch(100, 2)],
    updates: [up(20, 1), up(105, 2)],
    since: 50,
    lags: [5],
    unsynced: 0,
  },
  {
    name: 'a repeated value is attributed to the newest state made by then',
    changes: [ch(100, 10), ch(110, 5), ch(120, 10)],
    updates: [up(130, 10)],
    lags: [30, 20, 10],
    unsynced: 0,
  },
];

describe('keyLags', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(keyLags(c.changes, c.updates, c.since)).toEqual({ lags: c.lags, unsynced: c.unsynced });
    });
  }
});
