import { describe, expect, it } from 'vitest';
import { parseStat, statAllowed, unitOf } from '../stat.ts';

describe('parseStat (grammar table)', () => {
  const cases: { name: string; input: string; want?: unknown; wantErr?: RegExp }[] = [
    { name: 'integer percentile', input: 'p(99)', want: { kind: 'percentile', p: 99 } },
    { name: 'decimal percentile', input: 'p(99.9)', want: { kind: 'percentile', p: 99.9 } },
    { name: 'p(0) is valid', input: 'p(0)', want: { kind: 'percentile', p: 0 } },
    { name: 'p(100) is valid', input: 'p(100)', want: { kind: 'percentile', p: 100 } },
    { name: 'avg', input: 'avg', want: { kind: 'avg' } },
    { name: 'med', input: 'med', want: { kind: 'med' } },
    { name: 'rate', input: 'rate', want: { kind: 'rate' } },
    { name: 'count', input: 'count', want: { kind: 'count' } },
    { name: 'value', input: 'value', want: { kind: 'value' } },
    { name: 'incomplete percentile fails', input: 'p(99', wantErr: /not an aggregation/ },
    { name: 'empty percentile fails', input: 'p()', wantErr: /not an aggregation/ },
    { name: 'negative percentile fails', input: 'p(-1)', wantErr: /not an aggregation/ },
    { name: 'percentile above 100 fails', input: 'p(101)', wantErr: /between 0 and 100/ },
    { name: 'NaN percentile fails', input: 'p(NaN)', wantErr: /not an aggregation/ },
    { name: 'whitespace inside fails', input: 'p( 99 )', wantErr: /not an aggregation/ },
    { name: 'unknown method fails', input: 'mean', wantErr: /not an aggregation/ },
    { name: 'upper case fails', input: 'P(99)', wantErr: /not an aggregation/ },
  ];
  it.each(cases)('$name', ({ input, want, wantErr }) => {
    const r = parseStat(input);
    if (wantErr) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(wantErr);
    } else {
      expect(r).toEqual({ ok: true, stat: want });
    }
  });

  it('allows methods by metric type as k6 does', () => {
    const p = { kind: 'percentile', p: 99 } as const;
    expect(statAllowed(p, 'trend')).toBe(true);
    expect(statAllowed(p, 'rate')).toBe(false);
    expect(statAllowed({ kind: 'rate' }, 'counter')).toBe(true);
    expect(statAllowed({ kind: 'count' }, 'rate')).toBe(false);
    expect(statAllowed({ kind: 'value' }, 'gauge')).toBe(true);
  });

  it('derives units', () => {
    expect(unitOf({ kind: 'percentile', p: 99 }, 'trend', 'time')).toBe('ms');
    expect(unitOf({ kind: 'rate' }, 'rate', 'default')).toBe('ratio');
    expect(unitOf({ kind: 'rate' }, 'counter', 'default')).toBe('per_s');
    expect(unitOf({ kind: 'count' }, 'counter', 'default')).toBe('count');
  });
});
