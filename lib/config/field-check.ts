/**
 * One way to validate a parsed JSON value (a request body, a config file): every problem is
 * recorded, not just the first, each in one format that names the path of the bad value:
 *
 *   <path>: expected <what>, got <the value, JSON, cut at 60 characters | nothing>
 *   <path>.<key>: unknown key (expected one of <known keys>)
 *
 * A check that fails returns a neutral value of the expected type ("" / 0 / [] / {}) so the
 * caller reads on and finds the next problem; the caller asks `ok` (or lets its part's
 * `done()` throw) before it uses any value. Checks never change what they read.
 */
import { isObject } from '../json/is-object.ts';

export type Obj = Record<string, unknown>;

/** A value as a problem message shows it. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  // JSON would show NaN and Infinity (from code, not from a file) as null
  const s = typeof v === 'number' && !Number.isFinite(v) ? String(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The one wording of an unknown key, at the key's own path (`path` is its object's, "" at the top). */
export function unknownKey(path: string, key: string, known: readonly string[]): string {
  return `${path ? `${path}.` : ''}${key}: unknown key (expected one of ${known.join(', ')})`;
}

const range = (min: number, max: number): string => (max === Infinity ? `>= ${min}` : `${min}..${max}`);

export class FieldCheck {
  readonly problems: string[] = [];

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** A problem in words of its own: "<path>: <message>". */
  add(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  expected(path: string, want: string, got: unknown): void {
    this.add(path, `expected ${want}, got ${describeValue(got)}`);
  }

  obj(v: unknown, path: string): Obj {
    if (isObject(v)) return v;
    this.expected(path, 'an object', v);
    return {};
  }

  str(v: unknown, path: string, maxLength = Infinity): string {
    if (typeof v === 'string' && v.length > 0 && v.length <= maxLength) return v;
    this.expected(path, maxLength === Infinity ? 'a non-empty string' : `a non-empty string of at most ${maxLength} characters`, v);
    return '';
  }

  optStr(v: unknown, path: string, maxLength = Infinity): string | undefined {
    return v === undefined ? undefined : this.str(v, path, maxLength);
  }

  /** An integer in [min, max]; `max` Infinity for no upper bound. */
  int(v: unknown, path: string, min: number, max: number): number {
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max) return v;
    this.expected(path, `an integer ${range(min, max)}`, v);
    return 0;
  }

  /** A finite number in [min, max]; `max` Infinity for no upper bound. */
  num(v: unknown, path: string, min: number, max = Infinity): number {
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max) return v;
    this.expected(path, `a number ${range(min, max)}`, v);
    return 0;
  }

  /** A finite number > 0 and <= max: a rate, a share, a timeout, where zero means nothing. */
  positive(v: unknown, path: string, max: number): number {
    if (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max) return v;
    this.expected(path, `a number > 0 and <= ${max}`, v);
    return 0;
  }

  optInt(v: unknown, path: string, min: number, max: number): number | undefined {
    return v === undefined ? undefined : this.int(v, path, min, max);
  }

  arr(v: unknown, path: string, min: number, max: number): unknown[] {
    if (!Array.isArray(v)) {
      this.expected(path, 'an array', v);
      return [];
    }
    if (v.length < min || v.length > max) {
      this.add(path, `expected ${min}..${max} items, got ${v.length}`);
      return [];
    }
    return v;
  }

  strArr(v: unknown, path: string, min: number, max: number): string[] {
    return this.arr(v, path, min, max).map((x, i) => this.str(x, `${path}[${i}]`));
  }

  optBool(v: unknown, path: string): boolean | undefined {
    if (v === undefined || typeof v === 'boolean') return v;
    this.expected(path, 'true or false', v);
    return undefined;
  }

  /** One of the listed strings. */
  oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    this.expected(path, allowed.join('|'), v);
    return undefined;
  }

  /** Keys outside `known` are problems, each named by its own path: a typo must not pass silently. */
  onlyKeys(o: Obj, known: readonly string[], path: string): void {
    for (const k of Object.keys(o)) if (!known.includes(k)) this.problems.push(unknownKey(path, k, known));
  }
}
