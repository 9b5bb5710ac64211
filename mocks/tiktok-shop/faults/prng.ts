/**
 * The mock's seeded pseudo-random generator: xoshiro128** seeded by cyrb128 of a string.
 *
 * Fault decisions must replay exactly for a seed, across machines and Node versions, so we do
 * not use Math.random and we do not depend on a library's choice of algorithm. xoshiro128**
 * is small, fast on 32-bit integer maths (Math.imul) and passes BigCrush; cyrb128 spreads any
 * string over the 128-bit state so that "seed-1" and "seed-2" give unrelated streams.
 */

/** 128-bit hash of a string as four unsigned 32-bit words (cyrb128, public domain). */
export function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** From a seed string, or from four 32-bit words (the reference test vector's form). */
  constructor(seed: string | readonly [number, number, number, number]) {
    const s = typeof seed === 'string' ? cyrb128(seed) : seed;
    [this.a, this.b, this.c, this.d] = s;
    // The all-zero state is the one state xoshiro never leaves.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next unsigned 32-bit integer (xoshiro128**). */
  nextUint32(): number {
    const r = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.nextUint32() / 4294967296;
  }

  /** True with probability p (no draw when p is 0 or 1, so certain faults cost nothing). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  /** Standard normal deviate (Box-Muller; one of the pair is discarded to keep no state). */
  normal(): number {
    const u1 = 1 - this.float(); // (0, 1]: log never sees 0
    const u2 = this.float();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
