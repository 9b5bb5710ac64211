/**
 * Request-body checks shared by the routes. Each throws TikTokError INVALID_PARAM (36009004)
 * naming the field path and what was wrong, so a bad body never reaches state and the client
 * learns exactly which field to fix.
 */
import { dropEmptyFields, mayHoldEmpty } from './empty-fields.ts';
import { queryInt as parseQueryInt } from '../../lib/http/query-int.ts';
import { TikTokError } from './errors.ts';

export type Obj = Record<string, unknown>;

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

export function bad(path: string, want: string, got: unknown): TikTokError {
  return new TikTokError('INVALID_PARAM', `${path}: expected ${want}, got ${describe(got)}`);
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) throw bad(path, 'an object', v);
  return v;
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) throw bad(path, 'a non-empty string', v);
  return v;
}

export function optStr(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : str(v, path);
}

export function int(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(path, `an integer ${min}..${max}`, v);
  return v;
}

export function optInt(v: unknown, path: string, min: number, max: number): number | undefined {
  return v === undefined ? undefined : int(v, path, min, max);
}

export function arr(v: unknown, path: string, min: number, max: number): unknown[] {
  if (!Array.isArray(v)) throw bad(path, 'an array', v);
  if (v.length < min || v.length > max) throw new TikTokError('INVALID_PARAM', `${path}: expected ${min}..${max} items, got ${v.length}`);
  return v;
}

export function strArr(v: unknown, path: string, min: number, max: number): string[] {
  return arr(v, path, min, max).map((x, i) => str(x, `${path}[${i}]`));
}

/** Rejects keys outside `known`: the control API is our contract, so a typo must not pass silently. */
export function onlyKeys(o: Obj, known: readonly string[], path: string): void {
  const unknown = Object.keys(o).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new TikTokError('INVALID_PARAM', `${path}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected ${known.join(', ')})`);
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

export function optBool(v: unknown, path: string): boolean | undefined {
  if (v !== undefined && typeof v !== 'boolean') throw bad(path, 'a boolean', v);
  return v;
}

/** An optional string out of `values`. */
export function optEnum(v: unknown, path: string, values: readonly string[]): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !values.includes(v)) throw bad(path, values.join('|'), v);
  return v;
}
