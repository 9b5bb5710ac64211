/**
 * What a standard is: the types of the standards file (default and override). The JSON files
 * are validated against these by `validate-standards.ts` before any code reads them, so
 * everything past validation may trust the shapes below. A judgment's shape, and the operators,
 * units and trust limits it records, belong to the run result (`results/run-result.ts`).
 */
import type { Operator, TrustLimits, Unit } from '../results/run-result.ts';
import type { AccuracyCheck } from './accuracy-checks.ts';
import type { KnownMetric } from './metric-names.ts';

/** The standards file format this code reads. Bump when a key changes meaning. */
export const STANDARDS_FORMAT_VERSION = '1';

/** Every comparison operator a limit may use. */
export const OPERATORS: readonly Operator[] = ['<=', '<', '>=', '>', '=='];

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

/** A standard the user switched off, with the reason they gave (shown in every report). */
export interface DisabledStandard {
  id: string;
  title: string;
  kind: Standard['kind'];
  unit: Unit;
  grounding: string;
  reason: string;
  /** Who switched it off, when not the override file (a mode that cannot judge it). */
  by?: string;
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
