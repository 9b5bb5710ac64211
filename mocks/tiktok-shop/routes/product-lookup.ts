/**
 * A product as the calling shop sees it: a seeded product in every shop, a created one only in
 * the shop that created it. Anything else does not exist for this shop (90000404), the answer
 * the product routes give for an unknown id.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { visibleIn, type Product } from '../state/catalog.ts';

export function findProduct(c: Call, id: string): Product | undefined {
  const p = c.platform.catalog.productById.get(id);
  return p !== undefined && visibleIn(p, c.shop) ? p : undefined;
}

export function productOf(c: Call, id: string): Product {
  const p = findProduct(c, id);
  if (!p) throw new TikTokError('NOT_FOUND', `product ${id} does not exist`);
  return p;
}
