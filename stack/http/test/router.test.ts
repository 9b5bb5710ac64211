import { describe, expect, it } from 'vitest';
import { StackError } from '../../errors.ts';
import { Router } from '../router.ts';

const r = new Router<string>()
  .add('POST', '/stock/batch', 'batch')
  .add('GET', '/stock/changes', 'changes')
  .add('PUT', '/stock/:sku/safety', 'safety')
  .add('PUT', '/stock/:sku/:warehouse_id', 'set')
  .add('GET', '/stock/:sku', 'read');

const CASES: { name: string; method: string; path: string; want?: { handler: string; params: Record<string, string> }; err?: string }[] = [
  { name: 'literal route', method: 'POST', path: '/stock/batch', want: { handler: 'batch', params: {} } },
  { name: 'literal wins over capture (listed first)', method: 'GET', path: '/stock/changes', want: { handler: 'changes', params: {} } },
  { name: 'captures', method: 'PUT', path: '/stock/SKU-1/42', want: { handler: 'set', params: { sku: 'SKU-1', warehouse_id: '42' } } },
  { name: 'literal segment after a capture', method: 'PUT', path: '/stock/SKU-1/safety', want: { handler: 'safety', params: { sku: 'SKU-1' } } },
  { name: 'percent-decoded capture', method: 'GET', path: '/stock/SKU%2F1%20x', want: { handler: 'read', params: { sku: 'SKU/1 x' } } },
  { name: 'empty capture does not match', method: 'GET', path: '/stock/', err: 'ROUTE_NOT_FOUND' },
  { name: 'trailing extra segment', method: 'GET', path: '/stock/a/b/c', err: 'ROUTE_NOT_FOUND' },
  { name: 'known path, wrong method', method: 'DELETE', path: '/stock/a', err: 'METHOD_NOT_ALLOWED' },
  { name: 'bad percent-encoding', method: 'GET', path: '/stock/%E0%A4%A', err: 'INVALID_PARAM' },
];

describe('Router', () => {
  for (const c of CASES)
    it(c.name, () => {
      if (c.err) {
        try {
          r.match(c.method, c.path);
          expect.unreachable();
        } catch (e) {
          expect(e).toBeInstanceOf(StackError);
          expect((e as StackError).code).toBe(c.err);
        }
      } else {
        const m = r.match(c.method, c.path);
        expect({ handler: m.handler, params: m.params }).toEqual(c.want);
      }
    });
});
