/**
 * An integer query parameter (query values are strings).
 *
 * Grammar: int = "-"? digit{1,15}     (15 digits stay exact in a double)
 * Absent is `undefined` (the caller picks the default); anything else outside the grammar or
 * outside min..max is refused through `invalid`, in the part's own error catalogue, with one
 * message naming the parameter, the range and what was given.
 */
const INT = /^-?\d{1,15}$/;

export function queryInt(raw: string | null | undefined, name: string, min: number, max: number, invalid: (message: string) => Error): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  const n = INT.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw invalid(`${name}: expected an integer ${min}..${max}, got ${JSON.stringify(raw)}`);
  return n;
}
