/**
 * Request bodies as PHP clients send them. PHP's json_encode writes an empty array as the JSON
 * list `[]`, whether the caller meant an empty list or an empty object, so the most used PHP
 * client sends `[]` as the whole body of an unfiltered search and `[]` for optional fields it
 * leaves empty (`self_shipment: []`, `order_line_item_ids: []`). TikTok accepts these bodies.
 *
 * The rule (applied to every JSON body before a route reads it):
 *   body      = "[]"                        -> {}           an empty list body is an empty object
 *   field     = key ":" ( "[]" | "{}" )      -> key absent   an empty field is an absent field
 *   element   = "[]" inside a list           -> {}           TikTok's request schemas have no list
 *                                                            of lists, so an empty list element is
 *                                                            an empty object
 * applied depth first, so `{"a":{"b":[]}}` becomes `{}`. A required field sent empty is then
 * reported missing (36009004), as it would be if the client had left it out.
 */
type Obj = Record<string, unknown>;

/** Drops empty fields in place (the value is freshly parsed, so nobody else holds it). */
export function dropEmptyFields(o: Obj): Obj {
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (typeof v !== 'object' || v === null) continue;
    if (isEmpty(normalise(v))) delete o[k];
  }
  return o;
}

function normalise(v: object): object {
  if (!Array.isArray(v)) return dropEmptyFields(v as Obj);
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (Array.isArray(e) && e.length === 0) v[i] = {};
    else if (typeof e === 'object' && e !== null) normalise(e);
  }
  return v;
}

function isEmpty(v: object): boolean {
  if (Array.isArray(v)) return v.length === 0;
  for (const _ in v) return false;
  return true;
}

/**
 * True when a raw body may hold an empty list or object (`[]` / `{}`, maybe with blanks): the
 * common body has none, so the walk above costs the hot path one scan of the string.
 */
export function mayHoldEmpty(raw: string): boolean {
  return /\[\s*\]|\{\s*\}/.test(raw);
}
