import { describe, expect, it } from 'vitest';
import { parseQuery } from '../http-io.ts';
import { Router } from '../router.ts';
import { TikTokError } from '../errors.ts';

describe('parseQuery (grammar in http-io.ts)', () => {
  const cases: { name: string; input: string; want?: Record<string, string>; error?: RegExp }[] = [
    { name: 'empty query', input: '', want: {} },
    { name: 'plain pairs', input: 'a=1&b=2', want: { a: '1', b: '2' } },
    { name: 'percent-decoded values', input: 'x=a%2Cb%20c', want: { x: 'a,b c' } },
    { name: 'plus is a space', input: 'q=a+b', want: { q: 'a b' } },
    { name: 'key without "=" has the empty value', input: 'flag&a=1', want: { flag: '', a: '1' } },
    { name: 'repeated key comma-joins in order', input: 'ids=a&ids=b', want: { ids: 'a,b' } },
    { name: 'empty segments are skipped', input: 'a=1&&b=2&', want: { a: '1', b: '2' } },
    { name: 'value may hold "="', input: 't=a=b', want: { t: 'a=b' } },
    { name: 'malformed escape is a 36009004', input: 'a=%zz', error: /malformed percent-escape/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.error) {
        expect(() => parseQuery(c.input)).toThrow(c.error);
        try {
          parseQuery(c.input);
        } catch (e) {
          expect((e as TikTokError).code).toBe(36009004);
        }
      } else expect({ ...parseQuery(c.input) }).toEqual(c.want);
    });
  }
});

describe('Router (grammar in router.ts)', () => {
  const r = new Router<string>()
    .add('GET', '/a/b', 'static')
    .add('POST', '/p/{id}/x', 'param-post')
    .add('GET', '/p/{id}/x', 'param-get')
    .add('POST', '/p/batch', 'static-batch');
  const cases: { name: string; method: string; path: string; want: string; params?: Record<string, string> }[] = [
    { name: 'static path', method: 'GET', path: '/a/b', want: 'found:static' },
    { name: 'param path, POST', method: 'POST', path: '/p/42/x', want: 'found:param-post', params: { id: '42' } },
    { name: 'param path, GET', method: 'GET', path: '/p/42/x', want: 'found:param-get', params: { id: '42' } },
    { name: 'param is percent-decoded', method: 'GET', path: '/p/a%20b/x', want: 'found:param-get', params: { id: 'a b' } },
    { name: 'static wins over a same-length param route', method: 'POST', path: '/p/batch', want: 'found:static-batch' },
    { name: 'wrong method on a known path', method: 'DELETE', path: '/a/b', want: 'method-not-allowed' },
    { name: 'empty param segment does not match', method: 'GET', path: '/p//x', want: 'not-found' },
    { name: 'unknown path', method: 'GET', path: '/nope', want: 'not-found' },
    { name: 'trailing slash is another path', method: 'GET', path: '/a/b/', want: 'not-found' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const m = r.match(c.method, c.path);
      expect(m.kind === 'found' ? `found:${m.route.handler}` : m.kind).toBe(c.want);
      if (c.params && m.kind === 'found') expect(m.params).toEqual(c.params);
    });
  }
  it('refuses malformed patterns and duplicates', () => {
    expect(() => new Router<string>().add('GET', 'no-slash', 'x')).toThrow(/malformed/);
    expect(() => new Router<string>().add('GET', '/a/{Bad Name}', 'x')).toThrow(/malformed/);
    expect(() => new Router<string>().add('GET', '/a', 'x').add('GET', '/a', 'y')).toThrow(/duplicate/);
  });
});
