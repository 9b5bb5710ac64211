/**
 * A product as the calling shop sees it: a seeded product in every shop, a created one only in
 * the shop that created it, and neither once the shop deleted it. Anything else does not exist
 * for this shop (90000404), the answer the product routes give for an unknown id; TikTok's docs
 * name no code for a deleted product (Get Product only says it does not return one), so a
 * deleted product gets the same code, its message saying it was deleted.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { visibleIn, type Product } from '../state/catalog.ts';

export function findProduct(c: Call, id: string): Product | undefined {
  const p = c.platform.catalog.productById.get(id);
  return p !== undefined && visibleIn(p, c.shop) && !c.platform.listings.deleted(c.shop, p) ? p : undefined;
}

/** Why `findProduct` found nothing for `id`: the message of its 90000404. */
export function missingProduct(c: Call, id: string): string {
  const p = c.platform.catalog.productById.get(id);
  return p !== undefined && visibleIn(p, c.shop) ? `product ${id} is deleted` : `product ${id} does not exist`;
}

export function productOf(c: Call, id: string): Product {
  const p = findProduct(c, id);
  if (!p) throw new TikTokError('NOT_FOUND', missingProduct(c, id));
  return p;
}
