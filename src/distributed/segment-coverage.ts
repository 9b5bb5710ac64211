/**
 * Do the parts of a split test make one whole test, exactly once? Each part names its
 * execution segment (`from:to`) and the sequence it was striped with (grammar in
 * src/runtime/execution-segment.ts). Two checks, in this order:
 *
 * 1. ranges: sorted by `from`, the segments must tile [0, 1] — a gap is reported as the
 *    missing segment (`missing 1/2:3/4`), an overlap names both parts and the shared range;
 * 2. striping: instances split iterations and VUs by slots of the sequence (every lcd-th
 *    element), so parts whose segments tile [0, 1] but were striped with different sequences
 *    can still run some iterations twice and others never. Every element 0..L-1 (L the LCM of
 *    the parts' slot counts) must have exactly one owner.
 */
import { ExecutionTuple, parseExecutionSegment, parseSegmentSequence, type Rational } from '../runtime/execution-segment.ts';

export interface SegmentPart {
  /** How the part is named in messages (its file, its worker number). */
  readonly label: string;
  readonly segment: string;
  readonly sequence: string | null;
}

export interface Coverage {
  readonly ok: boolean;
  readonly problems: string[];
}

const cmp = (a: Rational, b: Rational): number => a.num * b.den - b.num * a.den;
const fmt = (r: Rational): string => (r.den === 1 ? String(r.num) : `${r.num}/${r.den}`);
const ZERO: Rational = { num: 0, den: 1 };
const ONE: Rational = { num: 1, den: 1 };
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const MAX_ELEMENTS = 1_000_000;

export function checkSegmentCoverage(parts: readonly SegmentPart[]): Coverage {
  const problems: string[] = [];
  if (parts.length === 0) return { ok: false, problems: ['no parts to merge'] };
  const parsed: { part: SegmentPart; from: Rational; to: Rational; tuple: ExecutionTuple }[] = [];
  for (const part of parts) {
    try {
      const seg = parseExecutionSegment(part.segment);
      const seq = part.sequence ? parseSegmentSequence(part.sequence) : null;
      parsed.push({ part, from: seg.from, to: seg.to, tuple: new ExecutionTuple(seg, seq) });
    } catch (e) {
      problems.push(`${part.label}: ${(e as Error).message}`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const sorted = [...parsed].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  let cursor = ZERO;
  let last: (typeof sorted)[number] | undefined;
  for (const p of sorted) {
    if (cmp(p.from, cursor) > 0) problems.push(`missing ${fmt(cursor)}:${fmt(p.from)} (no part ran it)`);
    else if (cmp(p.from, cursor) < 0 && last) {
      const end = cmp(p.to, cursor) < 0 ? p.to : cursor;
      problems.push(`${last.part.label} (${last.part.segment}) and ${p.part.label} (${p.part.segment}) overlap on ${fmt(p.from)}:${fmt(end)}`);
    }
    if (cmp(p.to, cursor) > 0) {
      cursor = p.to;
      last = p;
    }
  }
  if (cmp(cursor, ONE) < 0) problems.push(`missing ${fmt(cursor)}:1 (no part ran it)`);
  if (problems.length > 0) return { ok: false, problems };

  // The ranges tile [0,1]; now the elements themselves.
  const L = parsed.reduce((acc, p) => (acc / gcd(acc, p.tuple.lcd)) * p.tuple.lcd, 1);
  if (L > MAX_ELEMENTS) return { ok: false, problems: [`the parts' segment sequences are too fine to check together (LCM ${L})`] };
  let bad = 0;
  for (let n = 0; n < L; n++) {
    let owners = 0;
    for (const p of parsed) if (p.tuple.owns(n)) owners++;
    if (owners !== 1) bad++;
  }
  if (bad > 0) {
    const seqs = [...new Set(parsed.map((p) => p.part.sequence ?? '(none)'))];
    problems.push(
      `the parts' segments add up to 0:1, but ${bad} of every ${L} iterations would run ${'twice or never'}: they were striped with different sequences (${seqs.join(' vs ')}); give every instance the same --execution-segment-sequence`,
    );
  }
  return { ok: problems.length === 0, problems };
}

/** The segments of N equal workers: `i/N:(i+1)/N` with the sequence `0,1/N,...,1`. */
export function equalSegments(n: number): { segments: string[]; sequence: string } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid worker count ${n}: expected an integer of at least 1`);
  const point = (i: number) => (i === 0 ? '0' : i === n ? '1' : `${i}/${n}`);
  const segments = Array.from({ length: n }, (_, i) => `${point(i)}:${point(i + 1)}`);
  const sequence = Array.from({ length: n + 1 }, (_, i) => point(i)).join(',');
  return { segments, sequence };
}
