/**
 * The results' error catalogue: stable codes for what can go wrong reading or writing a run's
 * files. Messages name the file and what was wrong in it.
 */
import { catalogueError } from '../../lib/errors/catalogued-error.ts';

export const RESULTS_ERRORS = {
  PD_RES_SUMMARY_NOT_JSON: 'summary.json is not valid JSON',
  PD_RES_SUMMARY_VERSION: 'summary.json was written by another schema version',
  PD_RES_SUMMARY_INVALID: 'summary.json is not a run result',
  PD_RES_WRITE_FAILED: 'cannot write the results',
} as const;

export const ResultsError = catalogueError('ResultsError', RESULTS_ERRORS);
export type ResultsError = InstanceType<typeof ResultsError>;
