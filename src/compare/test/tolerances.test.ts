import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CompareError } from '../compare-errors.ts';
import { DEFAULT_TOLERANCES, isIgnored, readTolerancesFile, resolveTolerances, toleranceFor, validateTolerances } from '../tolerances.ts';

const cases: { name: string; input: unknown; errors: RegExp[] }[] = [
  { name: 'empty object is valid', input: {}, errors: [] },
  { name: 'every key valid', input: { latency: { relative: 0.3, absolute: 10 }, rate: { absolute: 0.01, z: 2 }, count: {}, cpu: { relative: 1 }, memory: { absolute: 1e6 }, spread_factor: 2, min_tail_samples: 10, figures: { 'x:p99': { relative: 1, z: 1 } }, ignore: ['http_*'] }, errors: [] },
  { name: 'not an object', input: [1], errors: [/^tolerances: expected an object, got \[1\]$/] },
  { name: 'unknown top-level key', input: { latancy: { relative: 1 } }, errors: [/^latancy: unknown key \(expected one of latency, rate/] },
  { name: 'unknown tolerance key', input: { latency: { rel: 1 } }, errors: [/^latency\.rel: unknown key \(expected one of relative, absolute\)$/] },
  { name: 'z only for rates', input: { latency: { z: 3 } }, errors: [/^latency\.z: unknown key \(expected one of relative, absolute\)$/] },
  { name: 'negative tolerance', input: { cpu: { absolute: -1 } }, errors: [/^cpu\.absolute: expected a number >= 0, got -1$/] },
  { name: 'relative given as percent', input: { latency: { relative: 250 } }, errors: [/^latency\.relative: expected a ratio \(0\.25 = 25%\), got 250$/] },
  { name: 'string number', input: { spread_factor: '1' }, errors: [/^spread_factor: expected a number >= 0, got "1"$/] },
  { name: 'fractional min_tail_samples', input: { min_tail_samples: 2.5 }, errors: [/^min_tail_samples: expected an integer >= 0, got 2\.5$/] },
  { name: 'figures not an object', input: { figures: [] }, errors: [/^figures: expected an object, got \[\]$/] },
  { name: 'empty ignore pattern', input: { ignore: [''] }, errors: [/^ignore\[0\]: expected a non-empty string, got ""$/] },
  {
    name: 'every problem reported at once',
    input: { foo: 1, latency: { relative: -1 }, ignore: 'x' },
    errors: [/^foo: unknown key/, /^latency\.relative: expected a number >= 0/, /^ignore: expected an array, got "x"$/],
  },
];

describe('validateTolerances', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = JSON.stringify(c.input);
      const errors = validateTolerances(c.input);
      expect(errors).toHaveLength(c.errors.length);
      c.errors.forEach((re, i) => expect(errors[i]).toMatch(re));
      expect(JSON.stringify(c.input)).toBe(before); // changes nothing
    });
  }
});

describe('resolving', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-tol-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults, then file, then flags; per-figure overrides on top of the kind', () => {
    const t = resolveTolerances({ latency: { relative: 0.5 }, figures: { 'a:p99': { absolute: 50 } } }, { latency: { absolute: 1 } });
    expect(t.latency).toEqual({ relative: 0.5, absolute: 1 });
    expect(t.rate).toEqual(DEFAULT_TOLERANCES.rate);
    expect(toleranceFor(t, 'latency', 'a:p99')).toEqual({ relative: 0.5, absolute: 50 });
    expect(toleranceFor(t, 'latency', 'b:p99')).toEqual({ relative: 0.5, absolute: 1 });
    expect(DEFAULT_TOLERANCES.latency.relative).toBe(0.25); // defaults untouched
  });

  it('ignore patterns: * matches any text, the rest is literal', () => {
    const t = resolveTolerances({ ignore: ['http_req_*:p99', 'a.b'] });
    expect(isIgnored(t, 'http_req_sending:p99')).toBe(true);
    expect(isIgnored(t, 'http_req_sending:p95')).toBe(false);
    expect(isIgnored(t, 'a.b')).toBe(true);
    expect(isIgnored(t, 'axb')).toBe(false);
  });

  it('a file with problems is refused with every problem and the file named', () => {
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ latency: { relative: -1 }, nope: true }));
    expect(() => readTolerancesFile(f)).toThrow(CompareError);
    expect(() => readTolerancesFile(f)).toThrow(/bad\.json: .*nope: unknown key .*; latency\.relative: expected a number >= 0, got -1/);
    writeFileSync(f, '{ not json');
    expect(() => readTolerancesFile(f)).toThrow(/PD_CMP|invalid tolerances: .*bad\.json/);
  });
});
