/** Coverage of [0,1] by the parts of a split test: a table of named cases, valid and invalid. */
import { describe, expect, it } from 'vitest';
import { checkSegmentCoverage, equalSegments, type SegmentPart } from '../segment-coverage.ts';

const parts = (...specs: [string, string | null][]): SegmentPart[] => specs.map(([segment, sequence], i) => ({ label: `p${i}`, segment, sequence }));
const Q = '0,1/4,2/4,3/4,1';

const CASES: { name: string; input: SegmentPart[]; problems: RegExp[] }[] = [
  { name: 'quarters with one sequence cover the test', input: parts(['0:1/4', Q], ['1/4:2/4', Q], ['2/4:3/4', Q], ['3/4:1', Q]), problems: [] },
  { name: 'parts given in any order', input: parts(['3/4:1', Q], ['0:1/4', Q], ['2/4:3/4', Q], ['1/4:2/4', Q]), problems: [] },
  { name: 'an unsplit run alone', input: parts(['0:1', null]), problems: [] },
  { name: 'halves without a sequence', input: parts(['0:1/2', null], ['1/2:1', null]), problems: [] },
  { name: 'percentages and decimals mix with fractions', input: parts(['0:25%', Q], ['0.25:1', Q]), problems: [] },
  { name: 'a part spanning two quarters', input: parts(['0:2/4', Q], ['2/4:3/4', Q], ['3/4:1', Q]), problems: [] },
  { name: 'a missing middle quarter is named', input: parts(['0:1/4', Q], ['1/4:2/4', Q], ['3/4:1', Q]), problems: [/missing 1\/2:3\/4/] },
  { name: 'a missing last part is named', input: parts(['0:1/4', Q], ['1/4:2/4', Q]), problems: [/missing 1\/2:1/] },
  { name: 'a missing first part is named', input: parts(['1/2:1', null]), problems: [/missing 0:1\/2/] },
  { name: 'overlapping parts are named with the shared range', input: parts(['0:2/4', Q], ['1/4:1', Q]), problems: [/p0 \(0:2\/4\) and p1 \(1\/4:1\) overlap on 1\/4:1\/2/] },
  { name: 'the same part twice', input: parts(['0:1/2', null], ['0:1/2', null], ['1/2:1', null]), problems: [/overlap on 0:1\/2/] },
  {
    name: 'ranges tile but the striping differs',
    input: parts(['0:1/3', null], ['1/3:2/3', null], ['2/3:1', null]),
    problems: [/striped with different sequences/],
  },
  { name: 'an invalid segment names its part', input: parts(['0:1/2', null], ['1/2:x', null]), problems: [/p1: invalid segment value "x"/] },
  { name: 'a segment not in its sequence', input: parts(['0:1/3', Q]), problems: [/p0: execution segment 0:1\/3 is not part of the sequence/] },
  { name: 'no parts at all', input: [], problems: [/no parts/] },
];

describe('checkSegmentCoverage', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const r = checkSegmentCoverage(c.input);
      expect(r.ok).toBe(c.problems.length === 0);
      expect(r.problems).toHaveLength(c.problems.length);
      c.problems.forEach((re, i) => expect(r.problems[i]).toMatch(re));
    });
  }
});

describe('equalSegments', () => {
  it('splits into N equal striped parts that cover the test', () => {
    const { segments, sequence } = equalSegments(3);
    expect(segments).toEqual(['0:1/3', '1/3:2/3', '2/3:1']);
    expect(sequence).toBe('0,1/3,2/3,1');
    expect(checkSegmentCoverage(segments.map((s, i) => ({ label: `w${i}`, segment: s, sequence }))).ok).toBe(true);
  });
  it('one worker is the whole test', () => {
    expect(equalSegments(1)).toEqual({ segments: ['0:1'], sequence: '0,1' });
  });
  it('refuses a count below one', () => {
    expect(() => equalSegments(0)).toThrow(/invalid worker count 0/);
  });
});
