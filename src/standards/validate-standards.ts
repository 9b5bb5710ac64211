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
import { describeValue, FieldCheck, type Obj } from '../../lib/config/field-check.ts';

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

/**
 * lib's FieldCheck (its message format, every problem kept) with the standards' shorthands:
 * a field read from its object by key, optional unless `required`; problems as {path, message}.
 */
class Checker extends FieldCheck {
  object(v: unknown, path: string, allowed: readonly string[]): v is Obj {
    if (!isObject(v)) {
      this.obj(v, path);
      return false;
    }
    this.onlyKeys(v, allowed, path);
    return true;
  }
  string(o: Obj, key: string, path: string, required = true): string | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v === 'string' && v.trim() !== '') return v;
    this.expected(join(path, key), 'a non-empty string', v);
    return undefined;
  }
  number(o: Obj, key: string, path: string, required = true, min = -Infinity, max = Infinity, what = 'a finite number'): void {
    const v = o[key];
    if (v === undefined && !required) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) this.expected(join(path, key), what, v);
  }
  either(o: Obj, key: string, path: string, allowed: readonly string[], required = true): void {
    if (o[key] !== undefined || required) this.oneOf(o[key], join(path, key), allowed);
  }
  /** The problems split at their path: "standards[0].id: ..." -> {path, message}; "" is the whole file. */
  get found(): Problem[] {
    return this.problems.map((p) => {
      const i = p.indexOf(': ');
      return { path: p.slice(0, i), message: p.slice(i + 2) };
    });
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
  if (o.version === undefined) c.expected('version', `"${STANDARDS_FORMAT_VERSION}"`, undefined);
  else if (o.version !== STANDARDS_FORMAT_VERSION) {
    c.add('version', `this peakday reads standards format "${STANDARDS_FORMAT_VERSION}", got ${describeValue(o.version)}`);
  }
}

/** A complete standard (default file, or an override entry with `"new": true`). */
function checkStandard(c: Checker, v: unknown, path: string, extraKeys: readonly string[] = []): void {
  const kind = isObject(v) ? v.kind : undefined;
  const keys = kind === 'accuracy' ? ACCURACY_KEYS : kind === 'metric' ? METRIC_KEYS : [...new Set([...METRIC_KEYS, ...ACCURACY_KEYS])];
  if (!c.object(v, path, [...keys, ...extraKeys])) return;
  const id = c.string(v, 'id', path);
  if (id !== undefined && !ID.test(id)) c.expected(join(path, 'id'), 'kebab-case (a-z, 0-9, single dashes)', id);
  c.string(v, 'title', path);
  c.string(v, 'measures', path);
  c.string(v, 'grounding', path);
  c.either(v, 'kind', path, ['metric', 'accuracy']);
  c.either(v, 'op', path, OPERATORS);
  c.number(v, 'limit', path);
  c.either(v, 'unit', path, UNITS);
  checkLimit(c, path, String(id), v.unit, v.op, v.limit);
  if (kind === 'metric') {
    const metric = c.string(v, 'metric', path);
    const statText = c.string(v, 'stat', path);
    if (metric !== undefined && !isKnownMetric(metric)) {
      c.add(join(path, 'metric'), `unknown metric ${describeValue(metric)} (known: ${Object.keys(METRICS).join(', ')})`);
    } else if (metric !== undefined && statText !== undefined) {
      const def = METRICS[metric as keyof typeof METRICS];
      const parsed = parseStat(statText);
      if (!parsed.ok) c.add(join(path, 'stat'), parsed.error);
      else if (!statAllowed(parsed.stat, def.type)) {
        c.add(join(path, 'stat'), `${describeValue(statText)} does not apply to ${metric} (a ${def.type}; use ${allowedStatsText(def.type)})`);
      } else {
        const unit = unitOf(parsed.stat, def.type, def.contains);
        if (typeof v.unit === 'string' && UNITS.includes(v.unit) && v.unit !== unit) {
          c.add(join(path, 'unit'), `${metric} ${statText} is measured in ${unit}, got ${describeValue(v.unit)}`);
        }
      }
    }
  } else if (kind === 'accuracy') {
    const check = c.string(v, 'check', path);
    if (check !== undefined && !isAccuracyCheck(check)) {
      c.add(join(path, 'check'), `unknown check ${describeValue(check)} (known: ${ACCURACY_CHECKS.join(', ')})`);
    } else if (check !== undefined && typeof v.unit === 'string' && UNITS.includes(v.unit) && v.unit !== CHECKS[check as keyof typeof CHECKS].unit) {
      c.add(join(path, 'unit'), `check ${check} is measured in ${CHECKS[check as keyof typeof CHECKS].unit}, got ${describeValue(v.unit)}`);
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
  if (!c.object(raw, '', ['version', 'standards', 'trust'])) return c.found;
  checkVersion(c, raw);
  if (!Array.isArray(raw.standards)) c.expected('standards', 'an array', raw.standards);
  else {
    raw.standards.forEach((s, i) => checkStandard(c, s, join('standards', i)));
    checkIdsUnique(c, raw.standards, 'standards');
  }
  checkTrust(c, raw.trust, 'trust', false);
  return c.found;
}

/**
 * Every problem of an override file against the defaults it overrides (ids must exist there
 * unless the entry says `"new": true`); empty when `raw` is a valid OverrideFile.
 */
export function validateOverrideFile(raw: unknown, defaults: StandardsFile): Problem[] {
  const c = new Checker();
  if (!c.object(raw, '', ['version', 'standards', 'trust'])) return c.found;
  checkVersion(c, raw);
  const known = new Map(defaults.standards.map((s) => [s.id, s]));
  if (raw.standards !== undefined) {
    if (!Array.isArray(raw.standards)) c.expected('standards', 'an array', raw.standards);
    else {
      raw.standards.forEach((e, i) => checkOverrideEntry(c, e, join('standards', i), known));
      checkIdsUnique(c, raw.standards, 'standards');
    }
  }
  if (raw.trust !== undefined) checkTrust(c, raw.trust, 'trust', true);
  return c.found;
}

function checkOverrideEntry(c: Checker, e: unknown, path: string, known: Map<string, Standard>): void {
  if (isObject(e) && e.new !== undefined) {
    if (e.new !== true) c.expected(join(path, 'new'), 'true when present', e.new);
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
  c.either(e, 'op', path, OPERATORS, false);
  const base = id !== undefined ? known.get(id) : undefined;
  // What is judged: the entry's op and limit, each defaulting to the standard's own.
  if (base && e.disabled !== true) checkLimit(c, path, base.id, base.unit, e.op ?? base.op, e.limit ?? base.limit);
  c.optBool(e.disabled, join(path, 'disabled'));
  c.string(e, 'reason', path, e.disabled === true);
  if (e.limit === undefined && e.op === undefined && e.disabled === undefined) {
    c.add(path, 'changes nothing: give limit, op, or disabled (with a reason)');
  }
  if (e.disabled === true && (e.limit !== undefined || e.op !== undefined)) {
    c.add(path, 'a disabled standard takes no limit or op');
  }
}
