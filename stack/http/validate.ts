/**
 * Shape checks for ERP request bodies, on lib's FieldCheck (one message format, naming the
 * path of the bad value). Each collects every problem (so a client fixes its request in one
 * go) and rejects unknown keys; the error names the field and what it got.
 */
import { describeValue, FieldCheck } from '../../lib/config/field-check.ts';
import { isObject } from '../../lib/json/is-object.ts';
import { queryInt as parseQueryInt } from '../../lib/http/query-int.ts';
import { StackError } from '../errors.ts';

export type Problems = string[];

/** Runs one check of lib's FieldCheck (its message format), adding what it finds to `problems`. */
function check<T>(problems: Problems, read: (c: FieldCheck) => T): T | undefined {
  const c = new FieldCheck();
  const v = read(c);
  problems.push(...c.problems);
  return c.ok ? v : undefined;
}

/** `where` is the prefix of the object's fields: "" for the body, "lines[1]." for a line. */
const pathOf = (where: string): string => (where === '' ? 'body' : where.replace(/\.$/, ''));

export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string, problems: Problems): void {
  check(problems, (c) => c.onlyKeys(obj, allowed, pathOf(where)));
}

export function intField(
  obj: Record<string, unknown>,
  key: string,
  where: string,
  problems: Problems,
  opts: { min?: number; max?: number; required?: boolean } = {},
): number | undefined {
  if (obj[key] === undefined && opts.required === false) return undefined;
  return check(problems, (c) => c.int(obj[key], `${where}${key}`, opts.min ?? Number.MIN_SAFE_INTEGER, opts.max ?? Number.MAX_SAFE_INTEGER));
}

export function strField(obj: Record<string, unknown>, key: string, where: string, problems: Problems, maxLen = 200): string | undefined {
  return check(problems, (c) => c.str(obj[key], `${where}${key}`, maxLen));
}

export function requireObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new StackError('INVALID_BODY', `expected a JSON object, got ${describeValue(body)}`);
  return body;
}

export function throwIfProblems(problems: Problems): void {
  if (problems.length > 0) throw new StackError('INVALID_BODY', problems.join('; '));
}

/** A non-negative integer query parameter, `dflt` when absent (400 INVALID_PARAM otherwise). */
export function queryInt(q: URLSearchParams, key: string, dflt: number, max: number): number {
  return parseQueryInt(q.get(key), key, 0, max, (message) => new StackError('INVALID_PARAM', message)) ?? dflt;
}
