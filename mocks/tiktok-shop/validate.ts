/**
 * Request-body checks shared by the routes, on lib's FieldCheck (one message format naming the
 * path of the bad value). Each throws TikTokError INVALID_PARAM (36009004) with what was wrong,
 * so a bad body never reaches state and the client learns exactly which field to fix; a route
 * that wants every problem of a body at once runs its checks inside one `checked(...)`.
 */
import { dropEmptyFields, mayHoldEmpty } from './empty-fields.ts';
import { queryInt as parseQueryInt } from '../../lib/http/query-int.ts';
import { FieldCheck, type Obj } from '../../lib/config/field-check.ts';
import { isObject } from '../../lib/json/is-object.ts';
import { TikTokError } from './errors.ts';

export type { Obj };

/**
 * Parses a JSON object body; an empty body is `{}` (TikTok treats it as no filters). PHP-style
 * bodies are accepted as TikTok accepts them: `[]` is `{}` and empty fields are absent
 * (empty-fields.ts has the rule).
 */
export function parseObject(raw: string): Obj {
  if (raw.length === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch (err) {
    throw new TikTokError('INVALID_PARAM', `body is not valid JSON (${(err as Error).message})`);
  }
  if (Array.isArray(v) && v.length === 0) return {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TikTokError('INVALID_PARAM', 'body must be a JSON object');
  return mayHoldEmpty(raw) ? dropEmptyFields(v as Obj) : (v as Obj);
}

/** Runs field checks; their problems, all of them, are the request's 36009004. */
export function checked<T>(read: (check: FieldCheck) => T): T {
  const check = new FieldCheck();
  const value = read(check);
  if (!check.ok) throw new TikTokError('INVALID_PARAM', check.problems.join('; '));
  return value;
}

export function bad(path: string, want: string, got: unknown): TikTokError {
  const check = new FieldCheck();
  check.expected(path, want, got);
  return new TikTokError('INVALID_PARAM', check.problems.join('; '));
}

export const isObj = isObject;
export const obj = (v: unknown, path: string): Obj => checked((c) => c.obj(v, path));
export const str = (v: unknown, path: string): string => checked((c) => c.str(v, path));
export const optStr = (v: unknown, path: string): string | undefined => checked((c) => c.optStr(v, path));
export const int = (v: unknown, path: string, min: number, max: number): number => checked((c) => c.int(v, path, min, max));
export const optInt = (v: unknown, path: string, min: number, max: number): number | undefined => checked((c) => c.optInt(v, path, min, max));
export const arr = (v: unknown, path: string, min: number, max: number): unknown[] => checked((c) => c.arr(v, path, min, max));
/** Every bad item of the list is named, not just the first. */
export const strArr = (v: unknown, path: string, min: number, max: number): string[] => checked((c) => c.strArr(v, path, min, max));

/** Rejects keys outside `known`, naming each: the control API is our contract, so a typo must not pass silently. */
export function onlyKeys(o: Obj, known: readonly string[], path: string): void {
  checked((c) => c.onlyKeys(o, known, path));
}

/** A query integer (query values are strings); absent is `undefined`. */
export function queryInt(v: string | undefined, name: string, min: number, max: number): number | undefined {
  return parseQueryInt(v, name, min, max, (message) => new TikTokError('INVALID_PARAM', message));
}

/** A query boolean: `true` or `false` (query values are strings). */
export function queryBool(v: string | undefined, name: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (v !== 'true' && v !== 'false') throw new TikTokError('INVALID_PARAM', `${name}: expected true or false, got ${JSON.stringify(v)}`);
  return v === 'true';
}

export const optBool = (v: unknown, path: string): boolean | undefined => checked((c) => c.optBool(v, path));

/** An optional string out of `values`. */
export function optEnum(v: unknown, path: string, values: readonly string[]): string | undefined {
  return v === undefined ? undefined : checked((c) => c.oneOf(v, path, values));
}
