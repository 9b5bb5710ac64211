/**
 * Secrets never reach a result file. Every writer receives the result only after this pass:
 * values under keys named like a secret are replaced, and secret-looking fragments inside
 * strings (`access_token=…` in a URL, `Bearer …`, `user:pass@host`, `"app_secret": "…"` in an
 * error text) are masked. Encoded histograms (`hdr`) are base64 data, not text, and are kept.
 */

export const REDACTED = '[redacted]';

/** Key names whose values are secrets (app_secret, access_token, db_password, api_key, …). */
const SECRET_KEY = /secret|token|passw(or)?d|pwd|api[_-]?key|authori[sz]ation|cookie|credential|private[_-]?key/i;

const IN_TEXT: readonly [RegExp, string][] = [
  // key=value and key: value (also quoted JSON) where the key looks secret
  [/((?:[\w.-]*(?:secret|token|passw(?:or)?d|pwd|api[_-]?key|credential)[\w.-]*)["']?\s*[=:]\s*["']?)([^\s"'&,;}<>]+)/gi, `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  // credentials in a URL's userinfo
  [/(\/\/[^/\s:@]+:)[^@\s/]+@/g, `$1${REDACTED}@`],
];

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactText(s: string): string {
  let out = s;
  for (const [re, to] of IN_TEXT) out = out.replace(re, to);
  return out;
}

/** A deep copy of `value` with secrets masked; the input is not changed. */
export function redact<T>(value: T): T {
  return walk(value, undefined) as T;
}

function walk(v: unknown, key: string | undefined): unknown {
  if (key !== undefined && isSecretKey(key) && v !== null && v !== undefined && v !== '') return REDACTED;
  if (typeof v === 'string') return key === 'hdr' ? v : redactText(v);
  if (Array.isArray(v)) return v.map((x) => walk(x, undefined));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
    return out;
  }
  return v;
}
