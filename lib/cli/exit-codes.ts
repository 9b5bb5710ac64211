/**
 * Every process exit code a `peakday` command can end with, in one place, so that CI scripts
 * and the commands agree on what a number means.
 *
 * k6's codes (k6 `errext/exitcodes`) where k6 has one, because `peakday run` stands in for
 * `k6 run`; 97 is peakday's own (an untrusted run must read as neither green nor the stack's
 * failure). The small numbers belong to the commands k6 does not have (compare, capacity,
 * build, mock, stack): 1 for their "no" answer, 2 when they cannot answer at all.
 */
export const ExitCode = {
  OK: 0,
  /** Something the command did not expect: a service that would not start or stop, a crash in the harness. */
  FAILED: 1,
  /** `peakday compare` / nightly: a figure regressed beyond its noise band. */
  REGRESSION: 1,
  /** `peakday capacity`: the highest sustainable rate falls short of the campaign. */
  CAPACITY_SHORT: 1,
  /** Bad flags or input for build, mock, stack, or no command at all: nothing ran. */
  USAGE: 2,
  /** compare, nightly, capacity: no answer could be given (bad input, no run or baseline, a run or probe that failed). */
  NO_ANSWER: 2,
  /** The run cannot be trusted (the generator fell behind): neither a pass nor the stack's failure. */
  UNTRUSTED: 97,
  /** A threshold (runtime) or a standard (harness) failed. */
  THRESHOLDS_FAILED: 99,
  /** Invalid options, scenarios, thresholds, standards or inputs to merge: nothing was sent. */
  INVALID_CONFIG: 104,
  /** The run was stopped from outside (SIGINT/SIGTERM, the harness) and marked interrupted. */
  EXTERNAL_ABORT: 105,
  /** An exception in the init context, setup() or teardown(), or a script that would not build. */
  SCRIPT_EXCEPTION: 107,
  /** The script called test.abort(). */
  SCRIPT_ABORTED: 108,
  /** A second SIGINT/SIGTERM: stop at once without writing results (128 + SIGINT, as shells do). */
  FORCED_STOP: 130,
  /** The runtime failed in a way it did not expect (a bug). */
  GENERIC: 255,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
