import { describe, expect, it } from 'vitest';
import {
  ExecutionTuple,
  parseExecutionSegment,
  parseSegmentSequence,
  parseSegmentValue,
} from '../execution-segment.ts';

describe('segment value grammar', () => {
  const valid: [string, string, [number, number]][] = [
    ['fraction', '1/4', [1, 4]],
    ['unreduced fraction', '2/4', [1, 2]],
    ['percentage', '25%', [1, 4]],
    ['decimal percentage', '12.5%', [1, 8]],
    ['decimal', '0.25', [1, 4]],
    ['zero', '0', [0, 1]],
    ['one', '1', [1, 1]],
    ['whole fraction', '3/3', [1, 1]],
  ];
  for (const [name, input, [num, den]] of valid) {
    it(`accepts ${name} "${input}"`, () => expect(parseSegmentValue(input)).toEqual({ num, den }));
  }
  const invalid: [string, string, RegExp][] = [
    ['zero denominator', '1/0', /zero denominator/],
    ['above one', '5/4', /above 1/],
    ['percent above 100', '150%', /above 1/],
    ['garbage', 'abc', /expected a fraction/],
    ['negative', '-1/4', /expected a fraction/],
    ['empty', '', /expected a fraction/],
  ];
  for (const [name, input, err] of invalid) {
    it(`rejects ${name} "${input}"`, () => expect(() => parseSegmentValue(input)).toThrow(err));
  }
});

describe('segments and sequences', () => {
  it('parses from:to and a lone value', () => {
    expect(parseExecutionSegment('1/4:2/4')).toEqual({ from: { num: 1, den: 4 }, to: { num: 1, den: 2 } });
    expect(parseExecutionSegment('1/2')).toEqual({ from: { num: 0, den: 1 }, to: { num: 1, den: 2 } });
  });
  it('rejects an empty or reversed segment', () => {
    expect(() => parseExecutionSegment('2/4:1/4')).toThrow(/must be below/);
    expect(() => parseExecutionSegment('1/4:1/4')).toThrow(/must be below/);
    expect(() => parseExecutionSegment('0:1/4:1/2')).toThrow(/from:to/);
  });
  it('completes a sequence with 0 and 1 and rejects disorder', () => {
    expect(parseSegmentSequence('1/3,2/3')).toHaveLength(4);
    expect(() => parseSegmentSequence('0,1/2,1/4,1')).toThrow(/strictly increasing/);
  });
  it('rejects a segment not in its sequence', () => {
    expect(() => new ExecutionTuple(parseExecutionSegment('1/5:2/5'), parseSegmentSequence('0,1/4,1/2,1'))).toThrow(
      /not part of the sequence/,
    );
  });
});

describe('striping', () => {
  const seq = parseSegmentSequence('0,1/4,2/4,3/4,1');
  const quarters = ['0:1/4', '1/4:2/4', '2/4:3/4', '3/4:1'].map((s) => new ExecutionTuple(parseExecutionSegment(s), seq));

  it('equal quarters stripe round-robin', () => {
    expect(quarters.map((t) => t.slots)).toEqual([[0], [1], [2], [3]]);
    expect(quarters.map((t) => t.scale(10))).toEqual([3, 3, 2, 2]);
  });

  it('whole test is the identity', () => {
    const t = new ExecutionTuple(null, null);
    expect(t.scale(7)).toBe(7);
    expect(t.owns(5)).toBe(true);
    expect(t.globalIndex(5)).toBe(5);
  });

  it('uneven sequence 0,1/3,1 gives the larger segment two of every three', () => {
    const s = parseSegmentSequence('0,1/3,1');
    const a = new ExecutionTuple(parseExecutionSegment('0:1/3'), s);
    const b = new ExecutionTuple(parseExecutionSegment('1/3:1'), s);
    expect(a.slots.length).toBe(1);
    expect(b.slots.length).toBe(2);
    expect(a.scale(3) + b.scale(3)).toBe(3);
  });

  const sequences = ['0,1/4,2/4,3/4,1', '0,1/3,1', '0,1/10,3/10,1', '0,0.2,0.5,0.55,1', '0,1/7,2/5,1'];
  for (const text of sequences) {
    it(`segments of ${text} partition every element exactly once, and scale adds up`, () => {
      const points = parseSegmentSequence(text);
      const tuples = points.slice(1).map((to, i) => new ExecutionTuple({ from: points[i]!, to }, points));
      for (let n = 0; n < 500; n++) {
        expect(tuples.filter((t) => t.owns(n)).length).toBe(1);
      }
      for (const total of [0, 1, 2, 5, 13, 100, 101]) {
        expect(tuples.reduce((a, t) => a + t.scale(total), 0)).toBe(total);
      }
      for (const t of tuples) {
        // globalIndex enumerates exactly the owned elements, in order
        const owned: number[] = [];
        for (let n = 0; n < 200; n++) if (t.owns(n)) owned.push(n);
        expect(owned.slice(0, 20)).toEqual(Array.from({ length: Math.min(20, owned.length) }, (_, k) => t.globalIndex(k)));
      }
    });
  }

  it('a segment spanning two parts owns both parts', () => {
    const half = new ExecutionTuple(parseExecutionSegment('0:2/4'), seq);
    expect(half.slots).toEqual([0, 1]);
    expect(half.scale(100)).toBe(50);
  });
});
