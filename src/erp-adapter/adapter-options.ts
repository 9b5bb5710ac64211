/**
 * `--adapter-option k=v` pairs (repeatable) into the options an adapter factory receives.
 * Grammar: pair = key "=" value; key = one or more characters other than "="; value = the rest
 * (may be empty, may contain "="). Every malformed pair is added to `problems`.
 */
import type { AdapterOptions } from './erp-adapter.ts';

export function parseAdapterOptions(pairs: readonly string[], problems: string[]): AdapterOptions {
  const out: Record<string, string> = {};
  for (const kv of pairs) {
    const eq = kv.indexOf('=');
    if (eq <= 0) problems.push(`an adapter option needs k=v, got "${kv}"`);
    else out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}
