import { describe, expect, it } from 'vitest';
import { parseOutSpecs, shownUrl } from '../out-spec.ts';

const cases: { name: string; values: string[]; outs?: unknown[]; errors?: RegExp[] }[] = [
  { name: 'remote write URL', values: ['prometheus=http://127.0.0.1:9090/api/v1/write'], outs: [{ kind: 'prometheus', url: 'http://127.0.0.1:9090/api/v1/write' }] },
  { name: 'remote write over https to another host', values: ['prometheus=https://prom.example.com/api/v1/write'], outs: [{ kind: 'prometheus', url: 'https://prom.example.com/api/v1/write' }] },
  { name: 'scrape endpoint port', values: ['openmetrics=9464'], outs: [{ kind: 'openmetrics', port: 9464 }] },
  { name: 'scrape endpoint on any free port', values: ['openmetrics=0'], outs: [{ kind: 'openmetrics', port: 0 }] },
  { name: 'both', values: ['openmetrics=1', 'prometheus=http://h/w'], outs: [{ kind: 'openmetrics', port: 1 }, { kind: 'prometheus', url: 'http://h/w' }] },
  { name: 'not a URL', values: ['prometheus=localhost:9090'], errors: [/needs an http or https URL/] },
  { name: 'not http', values: ['prometheus=ftp://h/'], errors: [/needs an http or https URL/] },
  { name: 'no target', values: ['prometheus'], errors: [/needs an http or https URL/] },
  { name: 'port out of range', values: ['openmetrics=70000'], errors: [/needs a port 0..65535/] },
  { name: 'port not a number', values: ['openmetrics=abc'], errors: [/needs a port/] },
  { name: 'unknown output, and every problem reported', values: ['json=x.json', 'openmetrics=-1'], errors: [/unknown output "json"/, /needs a port/] },
  { name: 'two scrape endpoints', values: ['openmetrics=1', 'openmetrics=2'], errors: [/more than once/] },
];

describe('parseOutSpecs', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = parseOutSpecs(c.values);
      if (c.errors) {
        expect(r.errors).toHaveLength(c.errors.length);
        c.errors.forEach((re, i) => expect(r.errors[i]).toMatch(re));
      } else {
        expect(r.errors).toEqual([]);
        expect(r.outs).toEqual(c.outs);
      }
    });
  }
  it('logs a URL without its credentials', () => {
    expect(shownUrl('https://user:secret@prom.example.com/api/v1/write')).toBe('https://prom.example.com/api/v1/write');
  });
});
