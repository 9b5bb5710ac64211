/**
 * Properties of the runtime's parsers and validators (pure functions, so thousands of cases):
 *   - threshold expressions: any string parses or is refused with a message, never a throw;
 *     expressions built from k6's grammar parse to exactly their parts; every accepted expression
 *     round-trips through its canonical form; k6's invalid shapes are refused;
 *   - options.thresholds, exported options and durations: any value is validated without a
 *     throw, without changing the input, and unknown keys are named in the errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, formatDuration } from '../../src/runtime/duration.ts';
import { resolveOptions } from '../../src/runtime/options/script-options.ts';
import { parseThresholds } from '../../src/runtime/thresholds/config.ts';
import { parseThresholdExpression, type ThresholdExpression } from '../../src/runtime/thresholds/expression.ts';
import { checkProperty, runs } from './fixtures/count-cases.ts';

const METHODS = ['count', 'rate', 'value', 'avg', 'min', 'max', 'med'] as const;
const OPERATORS = ['<=', '<', '>=', '>', '===', '==', '!='] as const;

/** The canonical text of a parsed expression. */
function format(e: ThresholdExpression): string {
  const lhs = e.method === 'p' ? `p(${e.percentile})` : e.method;
  const rhs = e.value === Number.POSITIVE_INFINITY ? '+Inf' : e.value === Number.NEGATIVE_INFINITY ? '-Inf' : String(e.value);
  return `${lhs}${e.operator}${rhs}`;
}

const sameNumber = (a: number | null, b: number | null) => a === b || (a !== null && b !== null && Number.isNaN(a) && Number.isNaN(b));

const ws = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 3 });
const digits = fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 1, maxLength: 6 });
/** Go ParseFloat decimal forms, as text, with the number they stand for. */
const goFloat = fc
  .record({
    sign: fc.constantFrom('', '+', '-'),
    int: digits,
    frac: fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), maxLength: 4 }), { nil: undefined }),
    exp: fc.option(fc.record({ e: fc.constantFrom('e', 'E'), sign: fc.constantFrom('', '+', '-'), n: fc.integer({ min: 0, max: 30 }) }), { nil: undefined }),
  })
  .map(({ sign, int, frac, exp }) => `${sign}${int}${frac !== undefined ? `.${frac}` : ''}${exp ? `${exp.e}${exp.sign}${exp.n}` : ''}`);
const inf = fc.constantFrom('Inf', '+Inf', '-Inf', 'inf', 'Infinity', '-infinity');

const lhs = fc.oneof(
  fc.constantFrom(...METHODS).map((m) => ({ text: m, method: m as string, percentile: null as number | null })),
  fc.oneof(fc.integer({ min: 0, max: 100 }).map(String), fc.double({ min: 0, max: 100, noNaN: true }).map((d) => String(d)).filter((s) => !s.includes('e')))
    .map((p) => ({ text: `p(${p})`, method: 'p', percentile: Number(p) })),
);

const grammatical = fc.record({ lhs, op: fc.constantFrom(...OPERATORS), rhs: fc.oneof(goFloat, inf), w1: ws, w2: ws, w3: ws, w4: ws });

describe('threshold expressions', () => {
  it('any string parses or is refused with a message; never throws', async () => {
    await checkProperty('threshold-any-string', fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), grammatical.map((g) => `${g.lhs.text}${g.op}${g.rhs}`).chain((s) => fc.tuple(fc.constant(s), fc.nat(), fc.string({ maxLength: 2 })).map(([t, at, ins]) => t.slice(0, at % (t.length + 1)) + ins + t.slice(at % (t.length + 1))))), (s) => {
      const r = parseThresholdExpression(s);
      if (r.ok) {
        expect(['count', 'rate', 'value', 'avg', 'min', 'max', 'med', 'p']).toContain(r.value.method);
        expect(OPERATORS).toContain(r.value.operator);
        expect(Number.isNaN(r.value.value)).toBe(false);
      } else {
        expect(typeof r.error).toBe('string');
        expect(r.error.length).toBeGreaterThan(0);
      }
    }, runs(3000));
  });

  it('an expression built from the grammar parses to exactly its parts, and round-trips', async () => {
    await checkProperty('threshold-grammar', grammatical, ({ lhs: l, op, rhs, w1, w2, w3, w4 }) => {
      const input = `${w1}${l.text}${w2}${op}${w3}${rhs}${w4}`;
      const r = parseThresholdExpression(input);
      expect(r.ok, `${JSON.stringify(input)}: ${r.ok ? '' : r.error}`).toBe(true);
      if (!r.ok) return;
      const want = /inf/i.test(rhs) ? (rhs.startsWith('-') ? -Infinity : Infinity) : Number(rhs);
      expect(r.value.method).toBe(l.method);
      expect(sameNumber(r.value.percentile, l.percentile), `percentile of ${input}`).toBe(true);
      expect(r.value.operator).toBe(op);
      expect(sameNumber(r.value.value, want), `value of ${input}: ${r.value.value} vs ${want}`).toBe(true);
      // Round trip: the canonical text parses back to the same expression.
      const again = parseThresholdExpression(format(r.value));
      expect(again.ok, format(r.value)).toBe(true);
      if (!again.ok) return;
      expect(again.value.method).toBe(r.value.method);
      expect(sameNumber(again.value.percentile, r.value.percentile)).toBe(true);
      expect(again.value.operator).toBe(r.value.operator);
      expect(sameNumber(again.value.value, r.value.value)).toBe(true);
    }, runs(2000));
  });

  it("k6's invalid shapes are refused: no operator, unknown method, non-numeric value, bad percentile", async () => {
    const broken = fc.oneof(
      grammatical.map((g) => ({ why: 'no operator', s: `${g.lhs.text}${g.w2}${g.rhs}`, re: /no operator/ })),
      fc.record({ g: grammatical, name: fc.string({ minLength: 1, maxLength: 8 }).filter((n) => !/[<>=!]/.test(n) && ![...METHODS].includes(n.trim() as never) && !/^p\(.*\)$/.test(n.trim())) })
        .map(({ g, name }) => ({ why: 'unknown method', s: `${name}${g.op}${g.rhs}`, re: /unknown aggregation method/ })),
      fc.record({ g: grammatical, v: fc.string({ minLength: 1, maxLength: 8 }).filter((v) => !/[<>=!]/.test(v) && Number.isNaN(Number(v.trim())) && !/^[+-]?inf(inity)?$/i.test(v.trim())) })
        .map(({ g, v }) => ({ why: 'value not a number', s: `${g.lhs.text}${g.op}${v}`, re: /not a number/ })),
      fc.record({ g: grammatical, p: fc.oneof(fc.double({ min: 100.0001, max: 1e6, noNaN: true }), fc.double({ min: -1e6, max: -0.0001, noNaN: true })).filter((d) => !String(d).includes('e')) })
        .map(({ g, p }) => ({ why: 'percentile out of range', s: `p(${p})${g.op}${g.rhs}`, re: /between 0 and 100/ })),
      fc.record({ g: grammatical, p: fc.constantFrom('', 'NaN', 'abc', '9 9', 'Inf', '+Inf', '1e', '--1') })
        .map(({ g, p }) => ({ why: 'percentile not a number', s: `p(${p})${g.op}${g.rhs}`, re: /malformed percentile/ })),
    );
    await checkProperty('threshold-k6-invalid', broken, ({ s, re, why }) => {
      const r = parseThresholdExpression(s);
      expect(r.ok, `${why}: ${JSON.stringify(s)} was accepted`).toBe(false);
      if (!r.ok) expect(r.error, `${why}: ${JSON.stringify(s)}`).toMatch(re);
    }, runs(2000));
  });
});

/** Arbitrary values shaped like options, with real option names mixed in so the deep paths run. */
const optionish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.anything({ maxDepth: 2 }),
    fc.dictionary(fc.constantFrom('executor', 'vus', 'duration', 'iterations', 'stages', 'target', 'rate', 'timeUnit', 'preAllocatedVUs', 'maxVUs', 'startRate', 'startVUs', 'exec', 'gracefulStop', 'maxDuration', 'threshold', 'abortOnFail', 'delayAbortEval', 'x'), tie('value'), { maxKeys: 4 }),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.constantFrom('constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate', 'per-vu-iterations', 'shared-iterations', '10s', '1m', '0', '-1s', 'p(95)<200', 'rate==1', 'count>0'),
  ),
})).value;

const optionsObject = fc.dictionary(
  fc.oneof(fc.constantFrom('vus', 'duration', 'iterations', 'stages', 'scenarios', 'thresholds', 'setupTimeout', 'teardownTimeout', 'summaryTrendStats', 'tags', 'batch', 'noColor', 'userAgent', 'minIterationDuration'), fc.string({ maxLength: 10 })),
  optionish,
  { maxKeys: 5 },
);

describe('options validation', () => {
  it('options.thresholds: any value is validated without a throw or a change to it', async () => {
    const thresholds = fc.oneof(fc.anything(), fc.dictionary(fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('http_req_duration', 'http_req_duration{scenario:promo}', 'checks', 'a{b:c}', '{x}')), optionish, { maxKeys: 4 }));
    await checkProperty('thresholds-config', thresholds, (raw) => {
      const before = JSON.stringify(raw);
      const r = parseThresholds(raw);
      expect(Array.isArray(r.errors)).toBe(true);
      for (const e of r.errors) expect(typeof e).toBe('string');
      expect(JSON.stringify(raw)).toBe(before);
    }, runs(1500));
  });

  it('exported options: any value is validated without a throw or a change to it; unknown keys are named', async () => {
    await checkProperty('script-options', fc.oneof(optionsObject, fc.anything({ maxDepth: 2 })), (raw) => {
      const before = JSON.stringify(raw);
      let r: ReturnType<typeof resolveOptions> | undefined;
      expect(() => (r = resolveOptions(raw)), `resolveOptions(${before?.slice(0, 200)}) threw`).not.toThrow();
      expect(JSON.stringify(raw)).toBe(before);
      for (const e of r!.errors) expect(typeof e).toBe('string');
      if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
        const known = new Set(['vus', 'duration', 'iterations', 'stages', 'scenarios', 'thresholds', 'setupTimeout', 'teardownTimeout', 'summaryTrendStats', 'summaryTimeUnit', 'noColor', 'userAgent', 'discardResponseBodies', 'maxRedirects', 'batch', 'batchPerHost', 'throw', 'tags', 'executionSegment', 'executionSegmentSequence', 'minIterationDuration', 'insecureSkipTLSVerify', 'noConnectionReuse', 'noVUConnectionReuse', 'ext', 'cloud', 'systemTags', 'httpDebug']);
        for (const k of Object.keys(raw)) if (!known.has(k)) expect(r!.errors.join('\n'), `unknown key ${JSON.stringify(k)}`).toContain(`${k}: unknown key (expected one of `);
        // Accepted means every scenario came out runnable.
        if (r!.errors.length === 0) expect(r!.options.scenarios.length).toBeGreaterThan(0);
      } else if (raw !== undefined && raw !== null) {
        expect(r!.errors.length, `options = ${before}`).toBeGreaterThan(0);
      }
    }, runs(1500));
  });

  it('durations: any value parses or is refused with a message quoting it; formatted durations parse back', async () => {
    const dur = fc.oneof(
      fc.anything({ maxDepth: 1 }),
      fc.string({ maxLength: 12 }),
      fc.array(fc.record({ n: fc.oneof(digits, digits.map((d) => `${d}.5`), fc.constant('.5')), u: fc.constantFrom('ns', 'us', 'µs', 'ms', 's', 'm', 'h', 'd', 'x', '') }), { minLength: 1, maxLength: 3 }).map((ts) => ts.map((t) => `${t.n}${t.u}`).join('')),
    );
    await checkProperty('durations', dur, (v) => {
      const r = parseDuration(v);
      if (r.ok) {
        expect(Number.isFinite(r.ms)).toBe(true);
        expect(r.ms).toBeGreaterThanOrEqual(0);
        if (r.ms >= 1 && r.ms < 1e12) {
          const back = parseDuration(formatDuration(r.ms));
          expect(back.ok, formatDuration(r.ms)).toBe(true);
          // formatDuration keeps 3 decimals of the last unit: equal to within a millisecond.
          if (back.ok) expect(Math.abs(back.ms - r.ms), `${JSON.stringify(v)} -> ${formatDuration(r.ms)}`).toBeLessThanOrEqual(1);
        }
      } else {
        expect(r.error).toMatch(/invalid duration/);
      }
    }, runs(2000));
  });
});
