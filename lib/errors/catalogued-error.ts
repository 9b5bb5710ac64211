/**
 * The base of every part's error catalogue: an error with a stable `code` from the part's own
 * catalogue (tests, scripts and the harness key on codes, never on message text), a message
 * that starts with the catalogue's wording and goes on with what exactly was wrong, and the
 * HTTP status where the error is answered over HTTP. Each part keeps its catalogue of codes.
 */

export interface CataloguedErrorOptions {
  cause?: unknown;
  /** The HTTP status the error is answered with, for parts that answer over HTTP. */
  status?: number;
}

/** `Code` is a string for peakday's own catalogues, a number where the codes are a platform's (TikTok's). */
export class CataloguedError<Code extends string | number> extends Error {
  readonly code: Code;
  readonly status: number | undefined;

  constructor(name: string, code: Code, message: string, options: CataloguedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.code = code;
    this.status = options.status;
  }
}

/** "<catalogue wording>: <detail>", or the wording alone. */
export function catalogueMessage(wording: string, detail: string | undefined): string {
  return detail ? `${wording}: ${detail}` : wording;
}

/**
 * The error class of a catalogue whose entries are messages: `new CompareError('PD_CMP_NO_RUN',
 * 'no run in "x"')` reads "no run found: no run in "x"" and carries `code` `PD_CMP_NO_RUN`.
 */
export function catalogueError<Code extends string>(name: string, messages: Readonly<Record<Code, string>>) {
  return class extends CataloguedError<Code> {
    constructor(code: Code, detail: string, cause?: unknown) {
      super(name, code, catalogueMessage(messages[code], detail), { cause });
    }
  };
}
