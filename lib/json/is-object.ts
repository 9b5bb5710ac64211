/**
 * Is this parsed JSON value an object with keys (not null, not an array)? The first question
 * every body and file validator asks before it reads a field.
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
