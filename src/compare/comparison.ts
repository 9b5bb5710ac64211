/**
 * A comparison of a current run with one or more baseline runs: one serialisable object,
 * what `peakday compare --json` prints, comparison.json holds and every rendering receives.
 * Keys are snake_case like summary.json's.
 */
import type { Direction, FigureUnit } from './figures.ts';
import type { Tolerances, ToleranceKind } from './tolerances.ts';
import type { Unit } from '../results/run-result.ts';

/**
 * `missing`: on one side only (a metric the other run never recorded, a standard not measured).
 * `info`: shown, not judged (no direction, too few samples, a disabled standard, ignored).
 */
export type RowVerdict = 'better' | 'same' | 'worse' | 'missing' | 'info';

/** What every row says: the two values, the change, the noise band and the verdict. */
interface RowChange {
  id: string;
  /** The baseline's value: for a figure, the median of the baseline runs' values (null when none has it). */
  baseline: number | null;
  current: number | null;
  change: number | null;
  change_ratio: number | null;
  /** The noise band: a change up to this (in the row's unit) is `same`. */
  allowed: number | null;
  verdict: RowVerdict;
  note?: string;
}

export interface FigureRow extends RowChange {
  kind: ToleranceKind;
  unit: FigureUnit;
  direction: Direction;
  /** Each baseline run's value, in the order of `baseline_runs` (null where that run lacks it). */
  baseline_values: (number | null)[];
}

export interface StandardRow extends RowChange {
  title: string;
  limit_text: string;
  unit: Unit;
  /** pass when every baseline run passed it; fail when any failed; else the first other verdict. */
  baseline_verdict: string;
  current_verdict: string;
}

export interface RunRef {
  /** The folder or file it was read from. */
  source: string;
  scenario: string;
  started_at: number;
  verdict: string;
  trusted: boolean;
}

export interface Comparison {
  scenario: string;
  baseline_runs: RunRef[];
  current: RunRef;
  tolerances: Tolerances;
  figures: FigureRow[];
  standards: StandardRow[];
  counts: Record<RowVerdict, number>;
  /** True when any figure or standard is `worse`. */
  regression: boolean;
  /** Ids of the rows that are worse: figures, then standards (as `standard:<id>`). */
  regressions: string[];
  /** What the reader must know: a config that differs, an untrusted run, a single baseline. */
  warnings: string[];
}
