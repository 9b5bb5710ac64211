/**
 * Parses a metric expression as thresholds name it: a metric, optionally narrowed to a
 * submetric by a tag selector (k6 `ParseMetricName` semantics).
 *
 * Grammar (the first "{" opens the selector, the last "}" closes it and must end the input):
 *   metric_expr = name ( "{" selector "}" )?
 *   selector    = pair ( "," pair )*
 *   pair        = key ":" value          split at the FIRST ":", so `group:::g` is key "group",
 *                                        value "::g" (k6 group paths start with "::")
 *   key, value  = any text; surrounding whitespace trimmed, then one pair of surrounding
 *                 quotes (" or ') stripped; both must be non-empty
 * Invalid: `m{a}` (no ":"), `m{a:}` (empty value), `m{}`, `m{a:1` / `m}` (unmatched),
 * `m}a:1{` (closing before opening), `m{a:1}x` (text after the closing brace), `{a:1}` (no name).
 * Stricter than k6 on one point: `m{a: }` (a value of spaces) is rejected instead of
 * selecting the empty value.
 */

export interface ParsedMetricName {
  /** The metric's own name, before any selector. */
  readonly name: string;
  /** Selector pairs in written order; null when the expression names the whole metric. */
  readonly selector: ReadonlyArray<readonly [string, string]> | null;
  /** Canonical submetric name (`name{` trimmed selector text `}`), or the plain name. */
  readonly fullName: string;
}

export type MetricNameResult = { ok: true; value: ParsedMetricName } | { ok: false; error: string };

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

export function parseMetricName(expr: string): MetricNameResult {
  const open = expr.indexOf('{');
  const close = expr.lastIndexOf('}');
  if (open === -1 && close === -1) {
    const name = expr.trim();
    if (name === '') return { ok: false, error: `metric name ${JSON.stringify(expr)} is empty` };
    return { ok: true, value: { name, selector: null, fullName: name } };
  }
  const bad = (why: string): MetricNameResult => ({ ok: false, error: `metric ${JSON.stringify(expr)} ${why}` });
  if (open === -1 || close === -1) return bad('has unmatched opening/closing curly braces');
  if (close < open) return bad('has its closing curly brace before the opening one');
  if (close !== expr.length - 1) return bad('lacks a closing curly brace in its last position');
  const name = expr.slice(0, open).trim();
  if (name === '') return bad('has no metric name before its tag selector');
  const inner = expr.slice(open + 1, close);
  const pairs: [string, string][] = [];
  for (const part of inner.split(',')) {
    const colon = part.indexOf(':');
    if (colon === -1) return bad(`tag expression ${JSON.stringify(part.trim())} is malformed: expected key:value`);
    const key = unquote(part.slice(0, colon));
    const value = unquote(part.slice(colon + 1));
    if (key === '') return bad(`tag expression ${JSON.stringify(part.trim())} is malformed: empty key`);
    if (value === '') return bad(`tag expression ${JSON.stringify(part.trim())} is malformed: empty value`);
    pairs.push([key, value]);
  }
  return { ok: true, value: { name, selector: pairs, fullName: `${name}{${inner.trim()}}` } };
}
