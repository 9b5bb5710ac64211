/**
 * Threshold expressions, k6's grammar:
 *
 *   assertion          -> aggregation_method whitespace* operator whitespace* float
 *   aggregation_method -> trend | rate | gauge | counter
 *   counter            -> "count" | "rate"
 *   gauge              -> "value"
 *   rate               -> "rate"
 *   trend              -> "avg" | "min" | "max" | "med" | percentile
 *   percentile         -> "p(" float ")"          0 ≤ float ≤ 100, finite
 *   operator           -> ">" | ">=" | "<=" | "<" | "==" | "===" | "!="
 *   float              -> Go's strconv.ParseFloat decimal syntax: [+-]? digits ("." digits)?
 *                         (e [+-]? digits)?, or ±Inf
 *
 * Scanning follows k6: the operators are tried in the order `<= < >= > === == !=` and the
 * input is split at the first occurrence of the first one found; both sides are trimmed.
 * So `count!20` fails (no operator) and `"  avg  <=200"` parses.
 * Stricter than k6 on two points, both meaningless expressions: a right-hand side of NaN
 * (every comparison would be false) and a bare `p` (a percentile with no value).
 */

export type AggregationMethod = 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med' | 'p';
export type Operator = '<=' | '<' | '>=' | '>' | '===' | '==' | '!=';

export interface ThresholdExpression {
  readonly method: AggregationMethod;
  /** N of p(N); null for other methods. */
  readonly percentile: number | null;
  readonly operator: Operator;
  readonly value: number;
}

export type ExpressionResult = { ok: true; value: ThresholdExpression } | { ok: false; error: string };

const OPERATORS: readonly Operator[] = ['<=', '<', '>=', '>', '===', '==', '!='];
const METHODS: readonly AggregationMethod[] = ['count', 'rate', 'value', 'avg', 'min', 'max', 'med'];
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;

/** Go's ParseFloat for the decimal forms k6 users write; NaN for anything else. */
export function parseGoFloat(s: string): number {
  if (DECIMAL.test(s)) return Number(s);
  if (INFINITY.test(s)) return s.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number.NaN;
}

function scan(input: string): { lhs: string; op: Operator; rhs: string } | null {
  for (const op of OPERATORS) {
    const at = input.indexOf(op);
    if (at !== -1) return { lhs: input.slice(0, at).trim(), op, rhs: input.slice(at + op.length).trim() };
  }
  return null;
}

function parseMethod(lhs: string): { method: AggregationMethod; percentile: number | null } | string {
  if ((METHODS as readonly string[]).includes(lhs)) return { method: lhs as AggregationMethod, percentile: null };
  if (lhs.startsWith('p(') && lhs.endsWith(')') && lhs.length >= 3) {
    const inner = lhs.slice(2, -1);
    const p = parseGoFloat(inner);
    if (Number.isNaN(p)) return `malformed percentile value ${JSON.stringify(inner)}: not a number`;
    if (!Number.isFinite(p)) return `malformed percentile value ${JSON.stringify(inner)}: not finite`;
    if (p < 0 || p > 100) return `malformed percentile value ${JSON.stringify(inner)}: must be between 0 and 100`;
    return { method: 'p', percentile: p };
  }
  return `unknown aggregation method ${JSON.stringify(lhs)}: use count, rate, value, avg, min, max, med or p(N)`;
}

/** Parses one expression; the error says what is wrong but not where (the caller quotes it). */
export function parseThresholdExpression(input: string): ExpressionResult {
  const s = scan(input);
  if (!s) return { ok: false, error: 'malformed threshold expression: no operator (use one of < <= > >= == === !=)' };
  const m = parseMethod(s.lhs);
  if (typeof m === 'string') return { ok: false, error: `left hand side: ${m}` };
  const value = parseGoFloat(s.rhs);
  if (Number.isNaN(value)) return { ok: false, error: `right hand side: ${JSON.stringify(s.rhs)} is not a number` };
  return { ok: true, value: { method: m.method, percentile: m.percentile, operator: s.op, value } };
}

/** Aggregation methods each metric type supports (k6's table). */
export const METHODS_BY_TYPE: Readonly<Record<string, readonly AggregationMethod[]>> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
};

export function compare(lhs: number, op: Operator, rhs: number): boolean {
  switch (op) {
    case '>':
      return lhs > rhs;
    case '>=':
      return lhs >= rhs;
    case '<':
      return lhs < rhs;
    case '<=':
      return lhs <= rhs;
    case '==':
    case '===':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
  }
}
