/**
 * Stock from the ERP to every shop: rows whose quantity moved since the connector last pushed
 * them (row_version <> pushed_version) are pushed per shop × product (the platform's update
 * takes every SKU of a product), then marked pushed — only if the row did not move again
 * meanwhile, so nothing changed during a push is ever lost.
 */
import type pg from 'pg';
import type { CatalogSnapshot } from '../../../stack/domain/catalog.ts';
import type { TikTokClient } from '../../../stack/tiktok/client.ts';

const MAX_QUANTITY = 99_999;
const PARALLEL_PRODUCTS = 8;

export async function pushInventory(db: pg.Pool, client: TikTokClient, catalog: CatalogSnapshot, log: (l: string) => void): Promise<void> {
  const dirty = await db.query<{ item_code: string }>('SELECT DISTINCT item_code FROM stock WHERE row_version <> pushed_version LIMIT 2000');
  if (dirty.rowCount === 0) return;
  const productOf = new Map(catalog.skus.map((s) => [s.sku, s.product_id]));
  const products = [...new Set(dirty.rows.map((r) => productOf.get(r.item_code)).filter((p): p is string => p !== undefined))];
  let next = 0;
  const worker = async () => {
    while (next < products.length) await pushProduct(db, client, catalog, products[next++] as string, log);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_PRODUCTS, products.length) }, worker));
}

async function pushProduct(db: pg.Pool, client: TikTokClient, catalog: CatalogSnapshot, productId: string, log: (l: string) => void): Promise<void> {
  const skus = catalog.skus.filter((s) => s.product_id === productId);
  const rows = await db.query<{ item_code: string; warehouse_id: string; available: number; row_version: string }>(
    `SELECT s.item_code, st.warehouse_id, GREATEST(0, s.qty_on_hand - s.qty_allocated) AS available, s.row_version
       FROM stock s JOIN sites st ON st.site_code = s.site_code WHERE s.item_code = ANY($1)`,
    [skus.map((s) => s.sku)],
  );
  const qty = new Map(rows.rows.map((r) => [`${r.item_code}|${r.warehouse_id}`, r.available]));
  const body = {
    skus: skus.map((s) => ({
      id: s.sku_id,
      inventory: catalog.warehouses.map((w) => ({ warehouse_id: w.warehouse_id, quantity: Math.min(MAX_QUANTITY, qty.get(`${s.sku}|${w.warehouse_id}`) ?? 0) })),
    })),
  };
  let allOk = true;
  await Promise.all(
    catalog.shops.map(async (shop) => {
      try {
        const env = await client.call<{ errors?: unknown[] }>({
          method: 'POST',
          path: `/product/202309/products/${encodeURIComponent(productId)}/inventory/update`,
          endpoint: 'POST /product/202309/products/{id}/inventory/update',
          shop,
          body,
          idempotent: true, // absolute quantities: repeating a push is harmless
        });
        if (env.code !== 0 || (env.data?.errors ?? []).length > 0) {
          allOk = false;
          log(`inventory/update ${productId} shop ${shop.shop_id}: code ${env.code} ${env.message}`);
        }
      } catch (e) {
        allOk = false;
        log(`inventory/update ${productId} shop ${shop.shop_id}: ${(e as Error).message}`);
      }
    }),
  );
  if (!allOk) return; // stays dirty: pushed again next round, to every shop
  for (const r of rows.rows) {
    await db.query('UPDATE stock SET pushed_version = $3 WHERE item_code = $1 AND site_code = (SELECT site_code FROM sites WHERE warehouse_id = $2) AND row_version = $3', [r.item_code, r.warehouse_id, r.row_version]);
  }
}
