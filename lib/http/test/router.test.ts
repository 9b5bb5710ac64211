import { describe, expect, it } from 'vitest';
import { Router } from '../router.ts';

describe('Router (grammar in router.ts)', () => {
  const r = new Router<string>()
    .add('GET', '/a/b', 'static')
    .add('POST', '/p/{id}/x', 'param-post')
    .add('GET', '/p/{id}/x', 'param-get')
    .add('POST', '/p/batch', 'static-batch')
    .add('PUT', '/stock/{sku}/safety', 'safety')
    .add('PUT', '/stock/{sku}/{warehouse_id}', 'set')
    .add('GET', '/stock/{sku}/{warehouse_id}', 'read-one');
  const cases: { name: string; method: string; path: string; want: string; params?: Record<string, string>; allowed?: string[] }[] = [
    { name: 'static path', method: 'GET', path: '/a/b', want: 'found:static' },
    { name: 'param path, POST', method: 'POST', path: '/p/42/x', want: 'found:param-post', params: { id: '42' } },
    { name: 'param path, GET', method: 'GET', path: '/p/42/x', want: 'found:param-get', params: { id: '42' } },
    { name: 'param is percent-decoded', method: 'GET', path: '/p/a%20b/x', want: 'found:param-get', params: { id: 'a b' } },
    { name: 'a malformed escape stays literal by default', method: 'GET', path: '/p/%E0%A4%A/x', want: 'found:param-get', params: { id: '%E0%A4%A' } },
    { name: 'static wins over a same-length param route', method: 'POST', path: '/p/batch', want: 'found:static-batch' },
    { name: 'literal segment after a param', method: 'PUT', path: '/stock/S-1/safety', want: 'found:safety', params: { sku: 'S-1' } },
    { name: 'two params', method: 'PUT', path: '/stock/S-1/42', want: 'found:set', params: { sku: 'S-1', warehouse_id: '42' } },
    { name: 'a later pattern answers a method an earlier one lacks', method: 'GET', path: '/stock/S-1/safety', want: 'found:read-one', params: { sku: 'S-1', warehouse_id: 'safety' } },
    { name: 'HEAD is answered by the GET route', method: 'HEAD', path: '/a/b', want: 'found:static' },
    { name: 'HEAD on a param GET route', method: 'HEAD', path: '/p/1/x', want: 'found:param-get', params: { id: '1' } },
    { name: 'wrong method on a static path lists what is allowed', method: 'DELETE', path: '/a/b', want: 'method-not-allowed', allowed: ['GET', 'HEAD'] },
    { name: 'wrong method on a param path lists every method of the path', method: 'DELETE', path: '/p/1/x', want: 'method-not-allowed', allowed: ['POST', 'GET', 'HEAD'] },
    { name: 'HEAD on a path without GET is not allowed', method: 'HEAD', path: '/p/batch', want: 'method-not-allowed', allowed: ['POST'] },
    { name: 'empty param segment does not match', method: 'GET', path: '/p//x', want: 'not-found' },
    { name: 'unknown path', method: 'GET', path: '/nope', want: 'not-found' },
    { name: 'trailing slash is another path', method: 'GET', path: '/a/b/', want: 'not-found' },
    { name: 'an extra segment is another path', method: 'GET', path: '/p/1/x/y', want: 'not-found' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = r.match(c.method, c.path);
      expect(m.kind === 'found' ? `found:${m.route.handler}` : m.kind).toBe(c.want);
      if (c.params && m.kind === 'found') expect(m.params).toEqual(c.params);
      if (c.allowed && m.kind === 'method-not-allowed') expect(m.allowed).toEqual(c.allowed);
    });
  }
  it('a part may refuse malformed escapes through decodeParam', () => {
    const strict = new Router<string>({
      decodeParam: (s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          throw new Error(`bad escape ${s}`);
        }
      },
    }).add('GET', '/s/{sku}', 'read');
    expect(() => strict.match('GET', '/s/%E0%A4%A')).toThrow(/bad escape/);
    expect(strict.match('GET', '/s/a%2Fb')).toMatchObject({ kind: 'found', params: { sku: 'a/b' } });
  });
  it('refuses malformed patterns and duplicates', () => {
    expect(() => new Router<string>().add('GET', 'no-slash', 'x')).toThrow(/malformed/);
    expect(() => new Router<string>().add('GET', '/a/{Bad Name}', 'x')).toThrow(/malformed/);
    expect(() => new Router<string>().add('GET', '/a/:colon', 'x')).toThrow(/malformed/);
    expect(() => new Router<string>().add('GET', '/a', 'x').add('GET', '/a', 'y')).toThrow(/duplicate/);
  });
});
