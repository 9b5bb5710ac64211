/**
 * Strict validation of the standards file and of the user's override file. Each function
 * collects every problem with its JSON path (unknown keys, unknown ids, wrong types, limits
 * out of range) and changes nothing; callers read the value only when there is no problem.
 * A limit is checked against its unit and operator: a negative duration or count, a share
 * above 1, or a comparison no figure can meet is a configuration error, not a failed run.
 */
import { CHECKS, isAccuracyCheck, ACCURACY_CHECKS } from './accuracy-checks.ts';
import { METRICS, isKnownMetric } from './metric-names.ts';
import { allowedStatsText, parseStat, statAllowed, unitOf } from './stat.ts';
import { OPERATORS, STANDARDS_FORMAT_VERSION } from './standard.ts';
import type { OverrideFile, Standard, StandardsFile } from './standard.ts';
import type { TrustLimits } from '../results/run-result.ts';
import type { Problem } from './standards-errors.ts';
import { isObject } from '../../lib/json/is-object.ts';

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const UNITS = ['ms', 'ratio', 'count', 'per_s', 'value'];
const COMMON_KEYS = ['id', 'title', 'measures', 'kind', 'op', 'limit', 'unit', 'grounding'];
const METRIC_KEYS = [...COMMON_KEYS, 'metric', 'stat'];
const ACCURACY_KEYS = [...COMMON_KEYS, 'check'];
const CHANGE_KEYS = ['id', 'limit', 'op', 'disabled', 'reason'];

/** Trust keys with their valid ranges. */
const TRUST_RANGES: Record<keyof TrustLimits, { min: number; max: number; what: string }> = {
  dropped_iterations_max_share: { min: 0, max: 1, what: 'a share between 0 and 1' },
  iteration_start_delay_p99_max_ms: { min: 0, max: 3_600_000, what: 'milliseconds >= 0' },
  generator_cpu_saturated_percent: { min: 1, max: 10_000, what: 'a percent of one core > 0' },
  generator_cpu_saturated_max_share: { min: 0, max: 1, what: 'a share between 0 and 1' },
};

type Obj = Record<string, unknown>;

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

class Checker {
  readonly problems: Problem[] = [];
  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }
  object(v: unknown, path: string, allowed: readonly string[]): v is Obj {
    if (!isObject(v)) {
      this.add(path, `must be an object, got ${show(v)}`);
      return false;
    }
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.add(join(path, k), `unknown key (allowed: ${allowed.join(', ')})`);
    }
    return true;
  }
  string(o: Obj, key: string, path: string, required = true): string | undefined {
    const v = o[key];
    if (v === undefined) {
      if (required) this.add(join(path, key), 'is required');
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.add(join(path, key), `must be a non-empty string, got ${show(v)}`);
      return undefined;
    }
    return v;
  }
  number(o: Obj, key: string, path: string, required = true, min = -Infinity, max = Infinity, what = 'a finite number'): void {
    const v = o[key];
    if (v === undefined) {
      if (required) this.add(join(path, key), 'is required');
      return;
    }
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) this.add(join(path, key), `must be ${what}, got ${show(v)}`);
  }
  oneOf(o: Obj, key: string, path: string, allowed: readonly string[], required = true): void {
    const v = o[key];
    if (v === undefined) {
      if (required) this.add(join(path, key), 'is required');
      return;
    }
    if (typeof v !== 'string' || !allowed.includes(v)) this.add(join(path, key), `must be one of ${allowed.join(', ')}, got ${show(v)}`);
  }
}

/** Units whose figures are never negative; a ratio is also at most 1. */
const NON_NEGATIVE = new Set(['ms', 'ratio', 'count', 'per_s']);

/**
 * A limit its unit and operator make impossible. The problem names the limit when its value
 * is wrong for the unit, the entry when only the pair (op, limit) is.
 */
function checkLimit(c: Checker, path: string, id: string, unit: unknown, op: unknown, limit: unknown): void {
  if (typeof limit !== 'number' || !Number.isFinite(limit) || typeof unit !== 'string') return;
  const limitPath = join(path, 'limit');
  if (unit === 'ratio' && (limit < 0 || limit > 1)) {
    c.add(limitPath, `${id} is measured in ratio: the limit must be between 0 and 1 (100%), got ${limit}`);
    return;
  }
  if (NON_NEGATIVE.has(unit) && limit < 0) {
    c.add(limitPath, `${id} is measured in ${unit}: the limit must be >= 0, got ${limit}`);
    return;
  }
  if (unit === 'ratio' && op === '>' && limit === 1) c.add(path, `"> 1" can never hold for a ratio (it is at most 1)`);
  if (NON_NEGATIVE.has(unit) && op === '<' && limit === 0) c.add(path, `"< 0" can never hold for ${unit} (never below 0)`);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function checkVersion(c: Checker, o: Obj): void {
  if (o.version === undefined) c.add('version', `is required ("${STANDARDS_FORMAT_VERSION}")`);
  else if (o.version !== STANDARDS_FORMAT_VERSION) {
    c.add('version', `this peakday reads standards format "${STANDARDS_FORMAT_VERSION}", got ${show(o.version)}`);
  }
}

/** A complete standard (default file, or an override entry with `"new": true`). */
function checkStandard(c: Checker, v: unknown, path: string, extraKeys: readonly string[] = []): void {
  const kind = isObject(v) ? v.kind : undefined;
  const keys = kind === 'accuracy' ? ACCURACY_KEYS : kind === 'metric' ? METRIC_KEYS : [...new Set([...METRIC_KEYS, ...ACCURACY_KEYS])];
  if (!c.object(v, path, [...keys, ...extraKeys])) return;
  const id = c.string(v, 'id', path);
  if (id !== undefined && !ID.test(id)) c.add(join(path, 'id'), `must be kebab-case (a-z, 0-9, single dashes), got ${show(id)}`);
  c.string(v, 'title', path);
  c.string(v, 'measures', path);
  c.string(v, 'grounding', path);
  c.oneOf(v, 'kind', path, ['metric', 'accuracy']);
  c.oneOf(v, 'op', path, OPERATORS);
  c.number(v, 'limit', path);
  c.oneOf(v, 'unit', path, UNITS);
  checkLimit(c, path, String(id), v.unit, v.op, v.limit);
  if (kind === 'metric') {
    const metric = c.string(v, 'metric', path);
    const statText = c.string(v, 'stat', path);
    if (metric !== undefined && !isKnownMetric(metric)) {
      c.add(join(path, 'metric'), `unknown metric ${show(metric)} (known: ${Object.keys(METRICS).join(', ')})`);
    } else if (metric !== undefined && statText !== undefined) {
      const def = METRICS[metric as keyof typeof METRICS];
      const parsed = parseStat(statText);
      if (!parsed.ok) c.add(join(path, 'stat'), parsed.error);
      else if (!statAllowed(parsed.stat, def.type)) {
        c.add(join(path, 'stat'), `${show(statText)} does not apply to ${metric} (a ${def.type}; use ${allowedStatsText(def.type)})`);
      } else {
        const unit = unitOf(parsed.stat, def.type, def.contains);
        if (typeof v.unit === 'string' && UNITS.includes(v.unit) && v.unit !== unit) {
          c.add(join(path, 'unit'), `${metric} ${statText} is measured in ${unit}, got ${show(v.unit)}`);
        }
      }
    }
  } else if (kind === 'accuracy') {
    const check = c.string(v, 'check', path);
    if (check !== undefined && !isAccuracyCheck(check)) {
      c.add(join(path, 'check'), `unknown check ${show(check)} (known: ${ACCURACY_CHECKS.join(', ')})`);
    } else if (check !== undefined && typeof v.unit === 'string' && UNITS.includes(v.unit) && v.unit !== CHECKS[check as keyof typeof CHECKS].unit) {
      c.add(join(path, 'unit'), `check ${check} is measured in ${CHECKS[check as keyof typeof CHECKS].unit}, got ${show(v.unit)}`);
    }
  }
}

function checkTrust(c: Checker, v: unknown, path: string, partial: boolean): void {
  const keys = Object.keys(TRUST_RANGES);
  if (!c.object(v, path, keys)) return;
  for (const [k, r] of Object.entries(TRUST_RANGES)) c.number(v, k, path, !partial, r.min, r.max, r.what);
}

function checkIdsUnique(c: Checker, list: unknown[], path: string): void {
  const seen = new Map<string, number>();
  list.forEach((s, i) => {
    if (!isObject(s) || typeof s.id !== 'string') return;
    const first = seen.get(s.id);
    if (first !== undefined) c.add(join(join(path, i), 'id'), `duplicate id "${s.id}" (first at ${join(path, first)})`);
    else seen.set(s.id, i);
  });
}

/** Every problem of a complete standards file; empty when `raw` is a valid StandardsFile. */
export function validateStandardsFile(raw: unknown): Problem[] {
  const c = new Checker();
  if (!c.object(raw, '', ['version', 'standards', 'trust'])) return c.problems;
  checkVersion(c, raw);
  if (!Array.isArray(raw.standards)) c.add('standards', `must be an array, got ${show(raw.standards)}`);
  else {
    raw.standards.forEach((s, i) => checkStandard(c, s, join('standards', i)));
    checkIdsUnique(c, raw.standards, 'standards');
  }
  if (raw.trust === undefined) c.add('trust', 'is required');
  else checkTrust(c, raw.trust, 'trust', false);
  return c.problems;
}

/**
 * Every problem of an override file against the defaults it overrides (ids must exist there
 * unless the entry says `"new": true`); empty when `raw` is a valid OverrideFile.
 */
export function validateOverrideFile(raw: unknown, defaults: StandardsFile): Problem[] {
  const c = new Checker();
  if (!c.object(raw, '', ['version', 'standards', 'trust'])) return c.problems;
  checkVersion(c, raw);
  const known = new Map(defaults.standards.map((s) => [s.id, s]));
  if (raw.standards !== undefined) {
    if (!Array.isArray(raw.standards)) c.add('standards', `must be an array, got ${show(raw.standards)}`);
    else {
      raw.standards.forEach((e, i) => checkOverrideEntry(c, e, join('standards', i), known));
      checkIdsUnique(c, raw.standards, 'standards');
    }
  }
  if (raw.trust !== undefined) checkTrust(c, raw.trust, 'trust', true);
  return c.problems;
}

function checkOverrideEntry(c: Checker, e: unknown, path: string, known: Map<string, Standard>): void {
  if (isObject(e) && e.new !== undefined) {
    if (e.new !== true) c.add(join(path, 'new'), `must be true when present, got ${show(e.new)}`);
    checkStandard(c, e, path, ['new']);
    if (typeof e.id === 'string' && known.has(e.id)) {
      c.add(join(path, 'id'), `"${e.id}" is already a standard; drop "new" to change its limit`);
    }
    return;
  }
  if (!c.object(e, path, CHANGE_KEYS)) return;
  const id = c.string(e, 'id', path);
  if (id !== undefined && !known.has(id)) {
    c.add(join(path, 'id'), `unknown standard id "${id}" (add "new": true and a complete definition to add one; known: ${[...known.keys()].join(', ')})`);
  }
  c.number(e, 'limit', path, false);
  c.oneOf(e, 'op', path, OPERATORS, false);
  const base = id !== undefined ? known.get(id) : undefined;
  // What is judged: the entry's op and limit, each defaulting to the standard's own.
  if (base && e.disabled !== true) checkLimit(c, path, base.id, base.unit, e.op ?? base.op, e.limit ?? base.limit);
  if (e.disabled !== undefined && typeof e.disabled !== 'boolean') c.add(join(path, 'disabled'), `must be true or false, got ${show(e.disabled)}`);
  c.string(e, 'reason', path, e.disabled === true);
  if (e.limit === undefined && e.op === undefined && e.disabled === undefined) {
    c.add(path, 'changes nothing: give limit, op, or disabled (with a reason)');
  }
  if (e.disabled === true && (e.limit !== undefined || e.op !== undefined)) {
    c.add(path, 'a disabled standard takes no limit or op');
  }
}
