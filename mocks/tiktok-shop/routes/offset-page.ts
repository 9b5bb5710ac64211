/**
 * One page of a catalog search (products, global products): `page_size` (1-100) is required in
 * the query and `page_token` continues where the last page ended. The token is an offset into
 * the matches in catalog order, which only grows at the end, so paging while products are
 * created never skips one.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { queryInt } from '../validate.ts';
import { decodeToken, encodeToken } from './page-token.ts';

export function offsetPage<T>(c: Call, matches: readonly T[]): { page: T[]; next_page_token: string; total_count: number } {
  const pageSize = queryInt(c.query.page_size, 'page_size', 1, 100);
  if (pageSize === undefined) throw new TikTokError('INVALID_PARAM', 'page_size is required (1..100, in the query)');
  let offset = 0;
  if (c.query.page_token !== undefined && c.query.page_token !== '') {
    const t = decodeToken(c.query.page_token);
    if (!Array.isArray(t) || t[0] !== 'p' || !Number.isInteger(t[1]) || (t[1] as number) < 0) {
      throw new TikTokError('INVALID_PARAM', 'page_token is not a token this API issued');
    }
    offset = t[1] as number;
  }
  const next = offset + pageSize < matches.length ? encodeToken(['p', offset + pageSize]) : '';
  return { page: matches.slice(offset, offset + pageSize), next_page_token: next, total_count: matches.length };
}
