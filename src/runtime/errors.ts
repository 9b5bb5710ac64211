/**
 * The runtime's error catalogue: every error the runtime raises on purpose has a stable code
 * and carries the process exit code it leads to, so the engine and the CLI just throw and the
 * top level maps the error to k6's exit codes without string matching.
 */
import { ExitCode, type ExitCodeValue } from '../../lib/cli/exit-codes.ts';
import { CataloguedError, catalogueMessage } from '../../lib/errors/catalogued-error.ts';

const CATALOGUE = {
  PD_RT_INVALID_OPTIONS: { exit: ExitCode.INVALID_CONFIG, message: 'invalid options' },
  PD_RT_INVALID_THRESHOLDS: { exit: ExitCode.INVALID_CONFIG, message: 'invalid thresholds' },
  PD_RT_NO_SUCH_SCRIPT: { exit: ExitCode.INVALID_CONFIG, message: 'no such script' },
  PD_RT_BUILD_FAILED: { exit: ExitCode.SCRIPT_EXCEPTION, message: 'the script could not be built' },
  PD_RT_INIT_EXCEPTION: { exit: ExitCode.SCRIPT_EXCEPTION, message: 'the init context threw' },
  PD_RT_SETUP_EXCEPTION: { exit: ExitCode.SCRIPT_EXCEPTION, message: 'setup() threw' },
  PD_RT_TEARDOWN_EXCEPTION: { exit: ExitCode.SCRIPT_EXCEPTION, message: 'teardown() threw' },
  PD_RT_INIT_ONLY: { exit: ExitCode.SCRIPT_EXCEPTION, message: 'only available in the init context' },
  PD_RT_TEST_ABORTED: { exit: ExitCode.SCRIPT_ABORTED, message: 'test aborted by the script' },
  PD_RT_UNKNOWN_MODULE: { exit: ExitCode.SCRIPT_EXCEPTION, message: 'unknown module' },
} as const;

export type RuntimeErrorCode = keyof typeof CATALOGUE;

export class RuntimeError extends CataloguedError<RuntimeErrorCode> {
  readonly exitCode: ExitCodeValue;
  constructor(code: RuntimeErrorCode, detail?: string, options?: { cause?: unknown }) {
    const entry = CATALOGUE[code];
    super('RuntimeError', code, catalogueMessage(entry.message, detail), options);
    this.exitCode = entry.exit;
  }
}

/**
 * Thrown by `test.abort()` inside a VU; the engine catches it wherever it surfaces (iteration,
 * setup, teardown) and ends the run with exit 108. A distinct class, not a code, because script
 * code may catch and rethrow it and `instanceof` survives that.
 */
export class TestAbortError extends RuntimeError {
  constructor(reason: string) {
    super('PD_RT_TEST_ABORTED', reason || 'test.abort() called');
    this.name = 'TestAbortError';
  }
}

/** Thrown by `fail(msg)`: ends the iteration like any exception (k6 behaviour). */
export class ScriptFailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FailError';
  }
}
