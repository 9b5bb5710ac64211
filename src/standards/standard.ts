/**
 * What a standard is: the types of the standards file (default and override) and of a
 * judgment. The JSON files are validated against these by `validate-standards.ts` before any
 * code reads them, so everything past validation may trust the shapes below.
 */
import type { KnownMetric } from './metric-names.ts';
import type { AccuracyCheck } from './accuracy-checks.ts';

/** The standards file format this code reads. Bump when a key changes meaning. */
export const STANDARDS_FORMAT_VERSION = '1';

/** Comparison operators, as in k6's threshold grammar (`===` and `!=` left out on purpose: a limit is a bound). */
export type Operator = '<=' | '<' | '>=' | '>' | '==';
export const OPERATORS: readonly Operator[] = ['<=', '<', '>=', '>', '=='];

/**
 * Units a limit is written in. `ms` for durations, `ratio` for shares (0..1, shown as %),
 * `count` for counts, `per_s` for a counter's rate, `value` for a gauge.
 */
export type Unit = 'ms' | 'ratio' | 'count' | 'per_s' | 'value';

interface StandardBase {
  /** Stable id (kebab-case): what overrides, JUnit and CI dashboards key on. Never reuse one. */
  id: string;
  title: string;
  /** One sentence: what is measured, in the words a seller would use. */
  measures: string;
  op: Operator;
  limit: number;
  unit: Unit;
  /** Why this limit: the platform rule it rests on, or an honest "no published number" and our reason. */
  grounding: string;
}

/** Judged on a metric the run recorded; compiles to a k6 threshold `stat op limit` on `metric`. */
export interface MetricStandard extends StandardBase {
  kind: 'metric';
  metric: KnownMetric;
  /** k6 aggregation method: `p(N)`, `avg`, `min`, `max`, `med` (Trend), `rate` (Rate, Counter), `count` (Counter), `value` (Gauge). */
  stat: string;
}

/** Judged on the reconciliation ledger after the drain. */
export interface AccuracyStandard extends StandardBase {
  kind: 'accuracy';
  check: AccuracyCheck;
}

export type Standard = MetricStandard | AccuracyStandard;

/**
 * When the load generator itself fell behind, latency figures describe the generator, not
 * the stack: the run is then `untrusted`. These bound "fell behind".
 */
export interface TrustLimits {
  /** dropped / (completed + dropped) iterations above this share (0..1) is untrusted. */
  dropped_iterations_max_share: number;
  /** p99 of how late iterations started, in ms, above this is untrusted. */
  iteration_start_delay_p99_max_ms: number;
  /** A generator CPU sample above this percent of one core counts as saturated... */
  generator_cpu_saturated_percent: number;
  /** ...and saturated samples above this share (0..1) of all samples is untrusted. */
  generator_cpu_saturated_max_share: number;
}

/** A standard the user switched off, with the reason they gave (shown in every report). */
export interface DisabledStandard {
  id: string;
  title: string;
  kind: Standard['kind'];
  unit: Unit;
  grounding: string;
  reason: string;
}

/** The standards in force for one run: defaults with the user's override applied. */
export interface Standards {
  version: string;
  /** Where they came from, for the report ("default", or "default + path/to/override.json"). */
  source: string;
  standards: Standard[];
  disabled: DisabledStandard[];
  /** id -> the reason the user gave for changing that standard's limit. */
  overridden: Record<string, string>;
  trust: TrustLimits;
}

/** The file on disk: `default-standards.json`, complete. */
export interface StandardsFile {
  version: string;
  standards: Standard[];
  trust: TrustLimits;
}

/**
 * The user's override file: same schema, every part optional. An entry in `standards`
 * changes the standard with that id (`limit`, `op`, `disabled` + `reason`), or, with
 * `"new": true`, adds a complete standard. An unknown id without `"new": true` is an error,
 * so a typo cannot silently leave a default in force.
 */
export interface OverrideFile {
  version: string;
  standards?: OverrideEntry[];
  trust?: Partial<TrustLimits>;
}

export type OverrideEntry =
  | { id: string; limit?: number; op?: Operator; disabled?: boolean; reason?: string }
  | ({ new: true } & Standard);

export type StandardVerdict = 'pass' | 'fail' | 'not-measured' | 'disabled';

/** One standard judged on one run: a row of every report. */
export interface StandardJudgment {
  id: string;
  title: string;
  kind: Standard['kind'];
  /** What is compared, e.g. `p(99) <= 500 ms` or `<= 0`. */
  limit_text: string;
  /** The comparison itself (absent for a disabled standard), so reports can draw the limit. */
  op?: Operator;
  limit?: number;
  /** Metric standards: the metric and stat judged. Accuracy standards: the check. */
  metric?: string;
  stat?: string;
  check?: string;
  /** The measured figure in the standard's unit; null when not measured. */
  measured: number | null;
  /** The measured figure as shown, e.g. `312 ms`, `99.95%`, `2 orders`, or `—`. */
  measured_text: string;
  unit: Unit;
  verdict: StandardVerdict;
  /** Why, in a sentence: examples of failing ids, why not measured, the override reason. */
  detail: string;
  grounding: string;
}
