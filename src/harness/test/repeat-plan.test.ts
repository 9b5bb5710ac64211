import { describe, expect, it } from 'vitest';
import { parseRepeatPlan, type RepeatPlan } from '../repeat-plan.ts';

const NOW = Date.parse('2026-11-29T06:00:00Z');

const cases: { name: string; repeat: string; until?: string; keepGoing?: boolean; want?: RepeatPlan; errors?: RegExp[] }[] = [
  { name: 'every and count', repeat: 'every=5m,count=12', want: { everyMs: 300_000, count: 12, probeS: 10, keepGoing: false } },
  { name: 'items in any order, a probe of its own', repeat: 'count=3,probe=30s,every=1h', want: { everyMs: 3_600_000, count: 3, probeS: 30, keepGoing: false } },
  { name: 'no probe', repeat: 'every=2s,count=2,probe=0', want: { everyMs: 2000, count: 2, probeS: 0, keepGoing: false } },
  {
    name: 'until a date-time in UTC, keep going',
    repeat: 'every=5m',
    until: '2026-11-29T18:00:00Z',
    keepGoing: true,
    want: { everyMs: 300_000, untilMs: Date.parse('2026-11-29T18:00:00Z'), probeS: 10, keepGoing: true },
  },
  { name: 'until a date-time with an offset, no seconds', repeat: 'every=5m', until: '2026-11-29T18:00+07:00', want: { everyMs: 300_000, untilMs: Date.parse('2026-11-29T11:00:00Z'), probeS: 10, keepGoing: false } },
  { name: 'until a duration from now, and a count', repeat: 'every=10m,count=5', until: '2h', want: { everyMs: 600_000, count: 5, untilMs: NOW + 7_200_000, probeS: 10, keepGoing: false } },
  { name: 'no bound at all', repeat: 'every=5m', errors: [/^--repeat needs a bound: count=N in it, or --until TIME, or both$/] },
  { name: 'no every', repeat: 'count=3', errors: [/^--repeat count=3: every= is required/] },
  { name: 'empty', repeat: '', errors: [/^--repeat: empty/, /every= is required/, /needs a bound/] },
  { name: 'unknown key and a bare word', repeat: 'every=5m,count=2,times=3,fast', errors: [/^--repeat times: unknown key \(expected one of every, count, probe\)$/, /^--repeat "fast": expected key=value/] },
  { name: 'a key twice', repeat: 'every=5m,every=10m,count=2', errors: [/^--repeat: every= given more than once$/] },
  { name: 'every without a unit', repeat: 'every=300,count=2', errors: [/^--repeat every=: invalid duration "300": missing unit/] },
  { name: 'every below a second', repeat: 'every=500ms,count=2', errors: [/^--repeat every=500ms: must be between 1s and 86400s$/] },
  { name: 'every above a day', repeat: 'every=25h,count=2', errors: [/must be between 1s and 86400s/] },
  { name: 'count zero', repeat: 'every=5m,count=0', errors: [/^--repeat count=0: expected a whole number 1\.\.10000$/] },
  { name: 'count not whole', repeat: 'every=5m,count=1.5', errors: [/count=1\.5: expected a whole number/] },
  { name: 'count too large', repeat: 'every=1m,count=10001', errors: [/count=10001: expected a whole number/] },
  { name: 'probe as long as every', repeat: 'every=30s,count=2,probe=30s', errors: [/^--repeat probe=30s: the probe must be shorter than every=30s \(probe=0: the checks only\)$/] },
  { name: 'every shorter than the default probe', repeat: 'every=5s,count=2', errors: [/^--repeat the default probe \(10s\): the probe must be shorter than every=5s/] },
  { name: 'probe of a fraction of a second', repeat: 'every=1m,count=2,probe=1500ms', errors: [/probe=1500ms: whole seconds only/] },
  { name: 'until without a zone', repeat: 'every=5m', until: '2026-11-29T18:00:00', errors: [/^--until "2026-11-29T18:00:00": expected a date-time with its zone/] },
  { name: 'until on a day that does not exist', repeat: 'every=5m', until: '2026-02-30T10:00:00Z', errors: [/^--until "2026-02-30T10:00:00Z": expected/] },
  { name: 'until at an hour that does not exist', repeat: 'every=5m', until: '2026-11-30T24:30:00Z', errors: [/expected a date-time/] },
  { name: 'until already past', repeat: 'every=5m', until: '2026-11-29T05:59:59Z', errors: [/^--until 2026-11-29T05:59:59Z: already past$/] },
  { name: 'until too far ahead', repeat: 'every=5m', until: '40d', errors: [/^--until 40d: more than 31 days ahead$/] },
  { name: 'until a zero duration', repeat: 'every=5m', until: '0', errors: [/^--until "0": expected/] },
  {
    name: 'every problem at once',
    repeat: 'every=0s,count=-1,probe=x',
    until: 'tomorrow',
    errors: [/count=-1/, /every=0s: must be between/, /probe=: invalid duration "x"/, /--until "tomorrow"/],
  },
];

describe('--repeat and --until', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = parseRepeatPlan({ repeat: c.repeat, ...(c.until !== undefined ? { until: c.until } : {}), keepGoing: c.keepGoing ?? false, now: NOW });
      if (c.want) {
        expect(r.errors).toEqual([]);
        expect(r.plan).toEqual(c.want);
        return;
      }
      expect(r.plan).toBeUndefined();
      const errors = c.errors ?? [];
      for (const re of errors) expect(r.errors.some((e) => re.test(e)), `${re} in ${JSON.stringify(r.errors)}`).toBe(true);
      expect(r.errors.length, JSON.stringify(r.errors)).toBe(errors.length);
    });
  }
});
