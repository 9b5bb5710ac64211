/**
 * The capacity planner's error catalogue: stable codes, messages that name what was wrong.
 */

export const CAPACITY_ERRORS = {
  PD_CAP_CAMPAIGN_INVALID: 'invalid campaign file',
  PD_CAP_OPTIONS_INVALID: 'invalid capacity options',
  PD_CAP_PROBE_FAILED: 'a probe could not run',
} as const;
export type CapacityErrorCode = keyof typeof CAPACITY_ERRORS;

export class CapacityError extends Error {
  readonly code: CapacityErrorCode;
  constructor(code: CapacityErrorCode, detail: string, cause?: unknown) {
    super(`${CAPACITY_ERRORS[code]}: ${detail}`, { cause });
    this.name = 'CapacityError';
    this.code = code;
  }
}
