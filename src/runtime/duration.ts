/**
 * Durations as k6 takes them in options: Go's duration syntax plus days, or a number of ms.
 *
 * Grammar (no whitespace anywhere; the empty string is not a duration):
 *   duration = "0" | term+
 *   term     = decimal unit
 *   decimal  = digit+ ("." digit*)? | "." digit+
 *   unit     = "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h" | "d"
 * A bare number written as a string ("30") has no unit and is rejected, as Go does, except "0".
 * A JSON number is taken as milliseconds (k6's rule for options given as numbers).
 * Negative durations are rejected: no k6 option takes one.
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/y;

export type DurationResult = { ok: true; ms: number } | { ok: false; error: string };

/** Parses a duration string or a number of ms; the error quotes the input. */
export function parseDuration(input: unknown): DurationResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, error: `invalid duration ${String(input)}: not a finite number` };
    if (input < 0) return { ok: false, error: `invalid duration ${input}: negative` };
    return { ok: true, ms: input };
  }
  if (typeof input !== 'string') return { ok: false, error: `invalid duration ${JSON.stringify(input)}: expected a string like "30s" or a number of ms` };
  if (input === '0') return { ok: true, ms: 0 };
  if (input === '') return { ok: false, error: 'invalid duration "": empty' };
  if (input.startsWith('-')) return { ok: false, error: `invalid duration "${input}": negative` };
  let pos = 0;
  let ms = 0;
  while (pos < input.length) {
    TERM.lastIndex = pos;
    const m = TERM.exec(input);
    if (!m) {
      const rest = input.slice(pos);
      const why = /^[\d.]+$/.test(rest) ? 'missing unit' : `unexpected "${rest}"`;
      return { ok: false, error: `invalid duration "${input}": ${why} (use e.g. "500ms", "30s", "1m30s", "2h")` };
    }
    ms += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    pos = TERM.lastIndex;
  }
  return { ok: true, ms };
}

/** Formats ms the way k6 prints durations ("1m30s", "500ms", "0s"). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${+ms.toFixed(3)}ms`;
  let rest = ms;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = +(rest / 1000).toFixed(3);
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
