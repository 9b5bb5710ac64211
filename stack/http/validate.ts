/**
 * Shape checks for ERP request bodies. Each collects every problem (so a client fixes its
 * request in one go) and rejects unknown keys; the error names the field and what it got.
 */
import { isObject } from '../../lib/json/is-object.ts';
import { queryInt as parseQueryInt } from '../../lib/http/query-int.ts';
import { StackError } from '../errors.ts';

export type Problems = string[];

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 60) ?? String(v));

export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string, problems: Problems): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) problems.push(`${where}unknown key "${k}"`);
}

export function intField(
  obj: Record<string, unknown>,
  key: string,
  where: string,
  problems: Problems,
  opts: { min?: number; max?: number; required?: boolean } = {},
): number | undefined {
  const v = obj[key];
  if (v === undefined) {
    if (opts.required !== false) problems.push(`${where}${key}: required integer, got nothing`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    problems.push(`${where}${key}: expected an integer, got ${show(v)}`);
    return undefined;
  }
  if (opts.min !== undefined && v < opts.min) problems.push(`${where}${key}: must be >= ${opts.min}, got ${v}`);
  else if (opts.max !== undefined && v > opts.max) problems.push(`${where}${key}: must be <= ${opts.max}, got ${v}`);
  else return v;
  return undefined;
}

export function strField(obj: Record<string, unknown>, key: string, where: string, problems: Problems, maxLen = 200): string | undefined {
  const v = obj[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > maxLen) {
    problems.push(`${where}${key}: expected a non-empty string of at most ${maxLen} characters, got ${show(v)}`);
    return undefined;
  }
  return v;
}

export function requireObject(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new StackError('INVALID_BODY', `expected a JSON object, got ${show(body)}`);
  return body;
}

export function throwIfProblems(problems: Problems): void {
  if (problems.length > 0) throw new StackError('INVALID_BODY', problems.join('; '));
}

/** A non-negative integer query parameter, `dflt` when absent (400 INVALID_PARAM otherwise). */
export function queryInt(q: URLSearchParams, key: string, dflt: number, max: number): number {
  return parseQueryInt(q.get(key), key, 0, max, (message) => new StackError('INVALID_PARAM', message)) ?? dflt;
}
