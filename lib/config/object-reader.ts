/**
 * A reader for validating a nested JSON object (a fault spec, a rate-limit config): it walks
 * an object, collects every problem with its path ("errors[1].share: expected a number in
 * [0, 1], got 2") in FieldCheck's format, and never throws, so a validation built on it reports
 * everything wrong at once and changes nothing. Unknown keys are named by their own path.
 */
import { describeValue, unknownKey } from './field-check.ts';

export interface NumberRule {
  min?: number;
  max?: number;
  /** min itself is not allowed. */
  exclusiveMin?: boolean;
  integer?: boolean;
  required?: boolean;
}

export class ObjectReader {
  private constructor(
    private readonly obj: Readonly<Record<string, unknown>>,
    readonly path: string,
    private readonly problems: string[],
  ) {}

  /**
   * A reader over `value` if it is a plain object, else undefined with a problem at `path`
   * (`rootName` when the value is the whole document).
   */
  static of(value: unknown, path: string, problems: string[], rootName = 'value'): ObjectReader | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${path || rootName}: expected an object, got ${describeValue(value)}`);
      return undefined;
    }
    return new ObjectReader(value as Record<string, unknown>, path, problems);
  }

  /** Problems recorded so far (by everyone sharing the list): callers diff it to see their own. */
  get count(): number {
    return this.problems.length;
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.obj, key) && this.obj[key] !== undefined;
  }

  get(key: string): unknown {
    return Object.hasOwn(this.obj, key) ? this.obj[key] : undefined;
  }

  problem(key: string, message: string): void {
    this.problems.push(`${this.at(key)}: ${message}`);
  }

  /** Reports every key not in `allowed`. */
  rejectUnknown(allowed: readonly string[]): void {
    for (const k of Object.keys(this.obj)) {
      if (!allowed.includes(k)) this.problems.push(unknownKey(this.path, k, allowed));
    }
  }

  number(key: string, rule: NumberRule = {}): number | undefined {
    if (!this.has(key)) {
      if (rule.required) this.problem(key, 'required');
      return undefined;
    }
    const v = this.get(key);
    const lo = rule.min ?? -Infinity;
    const hi = rule.max ?? Infinity;
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (rule.exclusiveMin ? v > lo : v >= lo) &&
      v <= hi &&
      (!rule.integer || Number.isInteger(v));
    if (!ok) {
      const what = rule.integer ? 'an integer' : 'a number';
      const range =
        rule.min !== undefined && rule.max !== undefined
          ? rule.exclusiveMin
            ? ` > ${rule.min} and <= ${rule.max}`
            : ` in [${rule.min}, ${rule.max}]`
          : rule.min !== undefined
            ? ` ${rule.exclusiveMin ? '>' : '>='} ${rule.min}`
            : '';
      this.problem(key, `expected ${what}${range}, got ${describeValue(v)}`);
      return undefined;
    }
    return v as number;
  }

  /** A probability in [0, 1]; `fallback` when absent. */
  share(key: string, fallback: number): number {
    return this.number(key, { min: 0, max: 1 }) ?? fallback;
  }

  boolean(key: string): boolean | undefined {
    if (!this.has(key)) return undefined;
    const v = this.get(key);
    if (typeof v !== 'boolean') {
      this.problem(key, `expected true or false, got ${describeValue(v)}`);
      return undefined;
    }
    return v;
  }

  stringList(key: string): string[] | undefined {
    if (!this.has(key)) return undefined;
    const v = this.get(key);
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      this.problem(key, `expected a list of strings, got ${describeValue(v)}`);
      return undefined;
    }
    return v as string[];
  }
}
