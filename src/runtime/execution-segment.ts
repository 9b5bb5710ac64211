/**
 * Execution segments: how one test is split across several peakday instances with no overlap,
 * the way k6 does (`--execution-segment 1/4:2/4 --execution-segment-sequence 0,1/4,2/4,3/4,1`).
 *
 * Grammar:
 *   segment  = value (":" value)?          a lone value v means "0:v"
 *   sequence = value ("," value)*          strictly increasing; 0 and 1 are added when missing
 *   value    = int "/" int                 a fraction, e.g. 1/3
 *            | number "%"                  a percentage, e.g. 25%
 *            | number                      a decimal between 0 and 1, e.g. 0.25
 * All values lie in [0, 1]; a segment has from < to, and both must be points of the sequence
 * (a segment may span several of the sequence's parts). Without a sequence, the sequence is
 * 0, from, to, 1.
 *
 * Striping (k6's algorithm, re-derived): the sequence's segments, largest first (ties in
 * order), share the LCD of their denominators' "slots" 0..lcd-1; slot i goes to the first
 * segment j (in that order) that is due, i.e. i·size_j ≥ chosen_j. An integer n (a VU index or a
 * global iteration number) belongs to the segment owning slot n mod lcd. So each instance gets
 * every lcd-th element of its own slots: the instances never overlap, together they cover all,
 * and each instance's elements are spread evenly over time (an arrival-rate instance runs every
 * 4th iteration, not the first quarter of them).
 */

/** An exact fraction num/den with den > 0, reduced. */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? Math.abs(a) : gcd(b, a % b));
const lcm = (a: number, b: number): number => (a / gcd(a, b)) * b;
const rat = (num: number, den: number): Rational => {
  const g = gcd(num, den) || 1;
  return { num: num / g, den: den / g };
};
const cmp = (a: Rational, b: Rational): number => a.num * b.den - b.num * a.den;
const fmt = (r: Rational): string => (r.den === 1 ? String(r.num) : `${r.num}/${r.den}`);

/** Parses one value of the grammar; throws an Error quoting the input. */
export function parseSegmentValue(text: string): Rational {
  const s = text.trim();
  let r: Rational | undefined;
  let m: RegExpExecArray | null;
  if ((m = /^(\d+)\/(\d+)$/.exec(s))) {
    const den = Number(m[2]);
    if (den === 0) throw new Error(`invalid segment value "${text}": zero denominator`);
    r = rat(Number(m[1]), den);
  } else if ((m = /^(\d+(?:\.\d+)?)%$/.exec(s))) {
    r = decimal(m[1] as string, 100);
  } else if (/^\d+(?:\.\d+)?$/.test(s)) {
    r = decimal(s, 1);
  }
  if (!r) throw new Error(`invalid segment value "${text}": expected a fraction (1/4), a percentage (25%) or a decimal (0.25)`);
  if (r.num > r.den) throw new Error(`invalid segment value "${text}": above 1`);
  return r;
}

function decimal(s: string, scale: number): Rational {
  const [int, frac = ''] = s.split('.');
  const den = 10 ** frac.length * scale;
  return rat(Number((int as string) + frac), den);
}

export interface ExecutionSegment {
  readonly from: Rational;
  readonly to: Rational;
}

export function parseExecutionSegment(text: string): ExecutionSegment {
  const parts = text.split(':');
  if (parts.length > 2) throw new Error(`invalid execution segment "${text}": expected "from:to"`);
  const from = parts.length === 2 ? parseSegmentValue(parts[0] as string) : rat(0, 1);
  const to = parseSegmentValue(parts[parts.length - 1] as string);
  if (cmp(from, to) >= 0) throw new Error(`invalid execution segment "${text}": from (${fmt(from)}) must be below to (${fmt(to)})`);
  return { from, to };
}

export function parseSegmentSequence(text: string): Rational[] {
  const values = text.split(',').map(parseSegmentValue);
  for (let i = 1; i < values.length; i++) {
    if (cmp(values[i - 1] as Rational, values[i] as Rational) >= 0) {
      throw new Error(`invalid execution segment sequence "${text}": values must be strictly increasing`);
    }
  }
  if (values.length === 0 || cmp(values[0] as Rational, rat(0, 1)) !== 0) values.unshift(rat(0, 1));
  if (cmp(values[values.length - 1] as Rational, rat(1, 1)) !== 0) values.push(rat(1, 1));
  return values;
}

/**
 * One instance's share of the test. `null` segment means the whole test (identity).
 * Precomputes the slots once; `owns`, `scale` and `globalIndex` are O(1)/O(slots).
 */
export class ExecutionTuple {
  readonly lcd: number;
  /** Sorted slot numbers (0..lcd-1) this instance owns. */
  readonly slots: readonly number[];
  private readonly owned: Uint8Array;
  readonly segmentText: string;

  constructor(segment: ExecutionSegment | null, sequence: readonly Rational[] | null) {
    if (!segment) {
      this.lcd = 1;
      this.slots = [0];
      this.owned = Uint8Array.of(1);
      this.segmentText = '0:1';
      return;
    }
    const seq = sequence ?? dedupe([rat(0, 1), segment.from, segment.to, rat(1, 1)]);
    const fromIdx = seq.findIndex((v) => cmp(v, segment.from) === 0);
    const toIdx = seq.findIndex((v) => cmp(v, segment.to) === 0);
    if (fromIdx === -1 || toIdx === -1) {
      throw new Error(`execution segment ${fmt(segment.from)}:${fmt(segment.to)} is not part of the sequence ${seq.map(fmt).join(',')}`);
    }
    // The segment may span several sequence parts: it owns the slots of each of them.
    const parts: { size: Rational; index: number }[] = [];
    for (let i = 1; i < seq.length; i++) {
      const a = seq[i - 1] as Rational;
      const b = seq[i] as Rational;
      parts.push({ size: rat(b.num * a.den - a.num * b.den, a.den * b.den), index: i - 1 });
    }
    const lcd = parts.reduce((acc, p) => lcm(acc, p.size.den), 1);
    if (lcd > 1_000_000) throw new Error(`execution segment sequence too fine (LCD ${lcd} > 1000000)`);
    const order = [...parts].sort((x, y) => cmp(y.size, x.size) || x.index - y.index);
    const weight = order.map((p) => (p.size.num * lcd) / p.size.den); // size·lcd, an integer
    const chosen = order.map(() => 0);
    const owned = new Uint8Array(lcd);
    const slots: number[] = [];
    for (let i = 0; i < lcd; i++) {
      for (let j = 0; j < order.length; j++) {
        // due when i ≥ chosen/size, i.e. i·size·lcd ≥ chosen·lcd
        if (i * (weight[j] as number) >= (chosen[j] as number) * lcd) {
          chosen[j] = (chosen[j] as number) + 1;
          const idx = (order[j] as { index: number }).index;
          if (idx >= fromIdx && idx < toIdx) {
            owned[i] = 1;
            slots.push(i);
          }
          break;
        }
      }
    }
    this.lcd = lcd;
    this.slots = slots;
    this.owned = owned;
    this.segmentText = `${fmt(segment.from)}:${fmt(segment.to)}`;
  }

  /** Does this instance run element n (a global iteration number or VU index, from 0)? */
  owns(n: number): boolean {
    return this.owned[n % this.lcd] === 1;
  }

  /** How many of the elements 0..value-1 this instance owns (k6's ScaleInt64). */
  scale(value: number): number {
    const full = Math.floor(value / this.lcd) * this.slots.length;
    const rest = value % this.lcd;
    let extra = 0;
    for (const s of this.slots) if (s < rest) extra++;
    return full + extra;
  }

  /** The global element number of this instance's k-th element (k from 0). */
  globalIndex(k: number): number {
    const per = this.slots.length;
    return Math.floor(k / per) * this.lcd + (this.slots[k % per] as number);
  }
}

function dedupe(values: Rational[]): Rational[] {
  return values.filter((v, i) => i === 0 || cmp(values[i - 1] as Rational, v) !== 0);
}
