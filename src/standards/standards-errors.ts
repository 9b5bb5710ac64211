/**
 * The standards' error catalogue. Codes are stable (tests and the harness key on them);
 * messages name the file and every problem with its path, so one run of the fix loop is enough.
 */
import { CataloguedError } from '../../lib/errors/catalogued-error.ts';

/** One thing wrong in a standards file, at a JSON path like `standards[3].limit`. */
export interface Problem {
  path: string;
  message: string;
}

export const STANDARDS_ERRORS = {
  PD_STD_FILE_UNREADABLE: 'cannot read the standards file',
  PD_STD_FILE_NOT_JSON: 'the standards file is not valid JSON',
  PD_STD_FILE_INVALID: 'the standards file is invalid',
} as const;
export type StandardsErrorCode = keyof typeof STANDARDS_ERRORS;

export class StandardsError extends CataloguedError<StandardsErrorCode> {
  readonly file: string;
  readonly problems: readonly Problem[];

  constructor(code: StandardsErrorCode, file: string, problems: readonly Problem[] = [], cause?: unknown) {
    const lines = problems.map((p) => `  ${p.path || '(top)'}: ${p.message}`);
    const reason = cause instanceof Error ? `: ${cause.message}` : '';
    super('StandardsError', code, `${STANDARDS_ERRORS[code]} ${file}${reason}${lines.length ? `\n${lines.join('\n')}` : ''}`, { cause });
    this.file = file;
    this.problems = problems;
  }
}
