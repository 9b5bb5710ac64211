/**
 * One page of a search over timed records (cancellations, returns, packages): page_size,
 * page_token, sort_field and sort_order in the query, as everywhere in the Open API, and the
 * create/update time-range filters of the body.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { bad, optInt, queryInt, type Obj } from '../validate.ts';
import { decodeToken, encodeToken } from './page-token.ts';

const MAX_S = 2 ** 32;

export interface Timed {
  id: string;
  created_ms: number;
  updated_ms: number;
}

/** One page of `items` by the query's sort and page token (offset tokens, tied to the sort). */
export function pageOf<T extends Timed>(c: Call, items: T[], opts: { maxPageSize?: number; paidTime?: (x: T) => number } = {}): { page: T[]; next: string; total: number } {
  const q = c.query;
  const size = queryInt(q.page_size, 'page_size', 1, opts.maxPageSize ?? 100) ?? 10;
  const field = q.sort_field ?? 'create_time';
  const fields = opts.paidTime ? ['create_time', 'update_time', 'order_pay_time'] : ['create_time', 'update_time'];
  if (!fields.includes(field)) throw bad('sort_field', fields.join('|'), field);
  const order = q.sort_order ?? 'DESC';
  if (order !== 'ASC' && order !== 'DESC') throw bad('sort_order', 'ASC|DESC', order);
  let offset = 0;
  if (q.page_token !== undefined && q.page_token !== '') {
    const t = decodeToken(q.page_token);
    if (!Array.isArray(t) || t[0] !== field || t[1] !== order || !Number.isInteger(t[2])) throw new TikTokError('INVALID_PARAM', 'page_token is not a token this API issued for this sort');
    offset = t[2] as number;
  }
  const key = field === 'create_time' ? (x: T) => x.created_ms : field === 'update_time' ? (x: T) => x.updated_ms : (opts.paidTime as (x: T) => number);
  const sorted = [...items].sort((a, b) => key(a) - key(b) || (a.id < b.id ? -1 : 1));
  if (order === 'DESC') sorted.reverse();
  const page = sorted.slice(offset, offset + size);
  return { page, next: offset + size < sorted.length ? encodeToken([field, order, offset + size]) : '', total: sorted.length };
}

/** The body's create/update time filters (Unix s, [ge, lt)) as a predicate. */
export function timeFilter(body: Obj): (x: Timed) => boolean {
  const cge = optInt(body.create_time_ge, 'create_time_ge', 0, MAX_S);
  const clt = optInt(body.create_time_lt, 'create_time_lt', 0, MAX_S);
  const uge = optInt(body.update_time_ge, 'update_time_ge', 0, MAX_S);
  const ult = optInt(body.update_time_lt, 'update_time_lt', 0, MAX_S);
  const inRange = (ms: number, ge?: number, lt?: number) => (ge === undefined || ms >= ge * 1000) && (lt === undefined || ms < lt * 1000);
  return (x) => inRange(x.created_ms, cge, clt) && inRange(x.updated_ms, uge, ult);
}

