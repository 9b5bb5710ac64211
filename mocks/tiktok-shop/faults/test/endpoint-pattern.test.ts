import { describe, expect, it } from 'vitest';
import { compileEndpointFilter, parseEndpointPattern } from '../endpoint-pattern.ts';

const INV = 'POST /product/202309/products/{id}/inventory/update';
const ORDERS = 'POST /order/202309/orders/search';
const DETAIL = 'GET /order/202309/orders';

describe('parseEndpointPattern', () => {
  const valid: { name: string; pattern: string; matches: string[]; misses: string[] }[] = [
    { name: 'exact route key', pattern: INV, matches: [INV], misses: [ORDERS, 'GET /product/202309/products/{id}/inventory/update'] },
    { name: 'prefix with method', pattern: 'POST /order/*', matches: [ORDERS], misses: [DETAIL, INV] },
    { name: 'any method prefix', pattern: '* /order/*', matches: [ORDERS, DETAIL], misses: [INV] },
    { name: 'everything', pattern: '* /*', matches: [ORDERS, DETAIL, INV], misses: ['nonsense'] },
    { name: 'exact path is not a prefix', pattern: 'GET /order/202309/orders', matches: [DETAIL], misses: ['GET /order/202309/orders/x'] },
  ];
  for (const c of valid) {
    it(`valid: ${c.name}`, () => {
      const m = parseEndpointPattern(c.pattern);
      expect(typeof m).toBe('function');
      if (typeof m === 'string') return;
      for (const k of c.matches) expect(m(k), k).toBe(true);
      for (const k of c.misses) expect(m(k), k).toBe(false);
    });
  }

  const invalid: { name: string; pattern: string; problem: string }[] = [
    { name: 'no method', pattern: '/order/*', problem: 'endpoint pattern "/order/*": expected "METHOD /path", e.g. "POST /order/*"' },
    { name: 'lower-case method', pattern: 'post /order/*', problem: 'endpoint pattern "post /order/*": method must be GET, POST, PUT, DELETE, PATCH or *' },
    { name: 'path without slash', pattern: 'GET order', problem: 'endpoint pattern "GET order": path must start with "/"' },
    { name: 'star in the middle', pattern: 'GET /order/*/x', problem: 'endpoint pattern "GET /order/*/x": "*" is allowed only at the end of the path' },
    { name: 'whitespace in path', pattern: 'GET /a b', problem: 'endpoint pattern "GET /a b": path must not contain whitespace' },
    { name: 'empty', pattern: '', problem: 'endpoint pattern "": expected "METHOD /path", e.g. "POST /order/*"' },
  ];
  for (const c of invalid) {
    it(`invalid: ${c.name}`, () => {
      expect(parseEndpointPattern(c.pattern)).toBe(c.problem);
    });
  }
});

describe('compileEndpointFilter', () => {
  it('matches when any pattern matches and reports every bad pattern', () => {
    const f = compileEndpointFilter([INV, 'GET /order/*', 'bad', 'PUT x']);
    expect(f.problems).toHaveLength(2);
    expect(f.match(INV)).toBe(true);
    expect(f.match(DETAIL)).toBe(true);
    expect(f.match(ORDERS)).toBe(false);
    expect(f.match(ORDERS)).toBe(false); // memoised answer is the same
  });
});
