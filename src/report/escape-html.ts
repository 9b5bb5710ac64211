/**
 * HTML escaping for report.html. Scenario names, error texts, config values and reasons come
 * from users and sockets: every string reaches the page through `esc`, in text and in
 * attributes alike (quotes included), so none can open a tag or end an attribute.
 */

export function esc(s: string | number | boolean | null | undefined): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An id attribute value from any text: [a-z0-9-] only. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
}
