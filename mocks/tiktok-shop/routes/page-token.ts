/**
 * Opaque page tokens of the search endpoints (`next_page_token`): base64url of a small JSON
 * value the route chooses (a cursor); a forged or garbled token decodes to `undefined`, which
 * the route answers with 36009004, never a crash.
 */

export function encodeToken(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

export function decodeToken(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
