/**
 * The capacity planner's error catalogue: stable codes, messages that name what was wrong.
 */
import { catalogueError } from '../../lib/errors/catalogued-error.ts';

export const CAPACITY_ERRORS = {
  PD_CAP_CAMPAIGN_INVALID: 'invalid campaign file',
  PD_CAP_OPTIONS_INVALID: 'invalid capacity options',
  PD_CAP_PROBE_FAILED: 'a probe could not run',
} as const;

export const CapacityError = catalogueError('CapacityError', CAPACITY_ERRORS);
export type CapacityError = InstanceType<typeof CapacityError>;
