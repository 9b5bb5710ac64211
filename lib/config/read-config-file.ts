/**
 * Reads a JSON file a user wrote (a campaign, tolerances) and validates it, refusing it with one
 * error that names the file and every problem, in the error catalogue of the part that reads it.
 * Nothing but the validation decides what the value is; the file is not changed.
 */
import { readFileSync } from 'node:fs';

export function readConfigFile<T>(path: string, validate: (raw: unknown) => string[], refuse: (detail: string, cause?: unknown) => Error): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw refuse(`${path}: ${(err as Error).message}`, err);
  }
  const problems = validate(raw);
  if (problems.length > 0) throw refuse(`${path}: ${problems.join('; ')}`);
  return raw as T;
}
