/**
 * Text and attribute escaping for XML 1.0. Characters XML cannot hold at all (control
 * characters other than tab, newline and carriage return; lone surrogates) are dropped, since
 * an error text from a user or a socket must never make junit.xml unreadable.
 */

const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/** For element text: newlines kept as they are, everything else escaped. */
export function xmlText(s: string): string {
  return xmlEscape(s).replace(/&#10;/g, '\n');
}
