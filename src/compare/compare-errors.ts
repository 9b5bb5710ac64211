/**
 * The comparison's error catalogue: stable codes for what can go wrong reading runs,
 * tolerances and baselines. Messages quote what was given and say what was expected.
 */
import { catalogueError } from '../../lib/errors/catalogued-error.ts';

export const COMPARE_ERRORS = {
  PD_CMP_NO_RUN: 'no run found',
  PD_CMP_BAD_RUN: 'not a readable run result',
  PD_CMP_SCENARIO_MISMATCH: 'the runs are of different scenarios',
  PD_CMP_TOLERANCES_INVALID: 'invalid tolerances',
  PD_CMP_BASELINE_INVALID: 'cannot use this run as a baseline',
  PD_CMP_NO_BASELINE: 'no stored baseline',
} as const;

export const CompareError = catalogueError('CompareError', COMPARE_ERRORS);
export type CompareError = InstanceType<typeof CompareError>;
