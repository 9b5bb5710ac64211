/**
 * `peakday run certify --repeat …`: the schedule of a repeated certification, read from the
 * command line and checked before anything starts. Every problem is reported, not the first.
 *
 * Grammar (no whitespace; items in any order, each at most once):
 *   repeat   = item ("," item)*
 *   item     = "every=" duration          time from one round's start to the next's (1s..24h); required
 *            | "count=" integer           rounds at most (1..10000)
 *            | "probe=" duration          the steady probe of each round (0..10m, shorter than every;
 *                                         default 10s; 0: the certify checks only)
 *   until    = datetime | duration        `--until`: no round starts at or after this time
 *   datetime = date "T" hh ":" mm [":" ss ["." digits]] zone     (RFC 3339; a zone is required)
 *   zone     = "Z" | ("+" | "-") hh ":" mm
 *   duration = a k6 duration ("30s", "5m", "1h30m"; src/runtime/duration.ts); for --until, from now
 * A schedule must be bounded: `count=`, `--until`, or both (the first reached ends it); `--until`
 * lies in the future and at most 31 days ahead, so no loop runs without an end in count and time.
 */
import { unknownKey } from '../../lib/config/field-check.ts';
import { parseDuration } from '../runtime/duration.ts';

export interface RepeatPlan {
  everyMs: number;
  /** Rounds at most; absent: as many as fit before `untilMs`. */
  count?: number;
  /** Epoch ms; absent: `count` rounds. */
  untilMs?: number;
  /** Seconds of steady probe after the certify checks, in each round (0: none). */
  probeS: number;
  /** Go on after a failing round (each failure reported); otherwise stop at the first. */
  keepGoing: boolean;
}

export interface RepeatInput {
  /** `--repeat`'s value. */
  repeat: string;
  /** `--until`'s value, if given. */
  until?: string;
  keepGoing: boolean;
  /** Start-up time (epoch ms): `--until` durations count from it, datetimes must lie after it. */
  now: number;
}

const SECOND = 1000;
const MAX_EVERY_MS = 24 * 3600 * SECOND;
const MAX_COUNT = 10_000;
const MAX_PROBE_MS = 10 * 60 * SECOND;
const MAX_UNTIL_AHEAD_MS = 31 * 24 * 3600 * SECOND;
const DEFAULT_PROBE_S = 10;
const KEYS = ['every', 'count', 'probe'] as const;
type Key = (typeof KEYS)[number];

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses `--repeat` (and `--until`); `plan` is set only when `errors` is empty. */
export function parseRepeatPlan(input: RepeatInput): { plan?: RepeatPlan; errors: string[] } {
  const errors: string[] = [];
  const items = splitItems(input.repeat, errors);
  const everyMs = items.every === undefined ? undefined : durationWithin('every', items.every, SECOND, MAX_EVERY_MS, errors);
  if (items.every === undefined) errors.push(`--repeat ${input.repeat}: every= is required (e.g. every=5m)`);
  const count = items.count === undefined ? undefined : countOf(items.count, errors);
  const probeMs = items.probe === undefined ? DEFAULT_PROBE_S * SECOND : durationWithin('probe', items.probe, 0, MAX_PROBE_MS, errors);
  const probeShown = items.probe === undefined ? `the default probe (${DEFAULT_PROBE_S}s)` : `probe=${items.probe}`;
  if (probeMs !== undefined && everyMs !== undefined && probeMs >= everyMs) errors.push(`--repeat ${probeShown}: the probe must be shorter than every=${items.every} (probe=0: the checks only)`);
  if (probeMs !== undefined && probeMs % SECOND !== 0) errors.push(`--repeat probe=${items.probe}: whole seconds only`);
  const untilMs = input.until === undefined ? undefined : untilOf(input.until, input.now, errors);
  if (items.count === undefined && input.until === undefined) errors.push('--repeat needs a bound: count=N in it, or --until TIME, or both');
  if (errors.length > 0 || everyMs === undefined || probeMs === undefined) return { errors };
  return {
    errors,
    plan: { everyMs, ...(count !== undefined ? { count } : {}), ...(untilMs !== undefined ? { untilMs } : {}), probeS: probeMs / SECOND, keepGoing: input.keepGoing },
  };
}

function splitItems(value: string, errors: string[]): Partial<Record<Key, string>> {
  const items: Partial<Record<Key, string>> = {};
  if (value === '') {
    errors.push('--repeat: empty (e.g. every=5m,count=12)');
    return items;
  }
  for (const item of value.split(',')) {
    const eq = item.indexOf('=');
    const key = eq === -1 ? item : item.slice(0, eq);
    if (eq === -1 || eq === item.length - 1) errors.push(`--repeat "${item}": expected key=value (${KEYS.join(', ')})`);
    else if (!(KEYS as readonly string[]).includes(key)) errors.push(`--repeat ${unknownKey('', key, KEYS)}`);
    else if (items[key as Key] !== undefined) errors.push(`--repeat: ${key}= given more than once`);
    else items[key as Key] = item.slice(eq + 1);
  }
  return items;
}

function durationWithin(key: Key, raw: string, minMs: number, maxMs: number, errors: string[]): number | undefined {
  const d = parseDuration(raw);
  if (!d.ok) errors.push(`--repeat ${key}=: ${d.error}`);
  else if (d.ms < minMs || d.ms > maxMs) errors.push(`--repeat ${key}=${raw}: must be between ${minMs / SECOND}s and ${maxMs / SECOND}s`);
  else return d.ms;
  return undefined;
}

function countOf(raw: string, errors: string[]): number | undefined {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (Number.isSafeInteger(n) && n >= 1 && n <= MAX_COUNT) return n;
  errors.push(`--repeat count=${raw}: expected a whole number 1..${MAX_COUNT}`);
  return undefined;
}

function untilOf(raw: string, now: number, errors: string[]): number | undefined {
  const at = DATETIME.test(raw) ? dateTime(raw) : relative(raw, now);
  if (at === undefined) errors.push(`--until "${raw}": expected a date-time with its zone (2026-11-30T18:00:00Z, 2026-11-30T18:00+07:00) or a duration from now (2h, 90m)`);
  else if (at <= now) errors.push(`--until ${raw}: already past`);
  else if (at - now > MAX_UNTIL_AHEAD_MS) errors.push(`--until ${raw}: more than 31 days ahead`);
  else return at;
  return undefined;
}

/** A date-time the grammar accepts, or undefined for one that names no real moment (Feb 30, 25:00). */
function dateTime(raw: string): number | undefined {
  const [, y, mo, d, h, mi, s] = (DATETIME.exec(raw) ?? []).map(Number);
  const day = new Date(Date.UTC(y as number, (mo as number) - 1, d as number));
  const realDay = day.getUTCMonth() === (mo as number) - 1 && day.getUTCDate() === d;
  const realTime = (h as number) <= 23 && (mi as number) <= 59 && (Number.isNaN(s) || (s as number) <= 59);
  const ms = Date.parse(raw);
  return realDay && realTime && Number.isFinite(ms) ? ms : undefined;
}

function relative(raw: string, now: number): number | undefined {
  const d = parseDuration(raw);
  return d.ok && d.ms > 0 ? now + d.ms : undefined;
}
