/**
 * Start-up mapping from the platform, as a real connector must do it: the authorized shops
 * (/authorization/202309/shops), the catalog (products search, then product detail where the
 * search does not carry SKUs: seller_sku -> product_id/sku_id), the warehouses with their
 * regions, the shipping providers (through a warehouse's delivery options), and the webhook
 * subscriptions of every shop (WEBHOOK_EVENTS).
 * Every loop is bounded (pages, products) so a misbehaving platform can't hold start forever.
 */
import type { CatalogSnapshot, ShippingProvider, Shop, Warehouse } from '../domain/catalog.ts';
import type { TikTokClient } from './client.ts';
import { BusinessError } from './order-api.ts';

const MAX_PAGES = 500;

interface ProductSummary {
  id: string | number;
  skus?: { id: string | number; seller_sku?: string }[];
}

async function ok<T>(client: TikTokClient, spec: Parameters<TikTokClient['call']>[0]): Promise<T> {
  const env = await client.call<T>(spec);
  if (env.code !== 0) throw new BusinessError(spec.endpoint, env.code, env.message);
  return env.data;
}

/** The shops that authorize the app, of the seller whose token goes (`seller`: see CallSpec). */
export async function fetchShops(client: TikTokClient, seller?: number): Promise<Shop[]> {
  const data = await ok<{ shops?: { id: string | number; name?: string; region?: string; cipher: string }[] }>(client, {
    method: 'GET',
    path: '/authorization/202309/shops',
    endpoint: 'GET /authorization/202309/shops',
    idempotent: true,
    ...(seller === undefined ? {} : { seller }),
  });
  return (data.shops ?? []).map((s) => ({ shop_id: String(s.id), cipher: s.cipher, region: s.region ?? 'UNKNOWN', name: s.name ?? String(s.id) }));
}

export async function fetchWarehouses(client: TikTokClient, shop: Shop): Promise<Warehouse[]> {
  const data = await ok<{ warehouses?: { id: string | number; name?: string; address?: { region_code?: string; region?: string } }[] }>(client, {
    method: 'GET',
    path: '/logistics/202309/warehouses',
    endpoint: 'GET /logistics/202309/warehouses',
    shop,
    idempotent: true,
  });
  return (data.warehouses ?? []).map((w) => ({
    warehouse_id: String(w.id),
    name: w.name ?? String(w.id),
    region: w.address?.region_code ?? w.address?.region ?? 'UNKNOWN',
  }));
}

/** Every shipping provider of every delivery option of `warehouseId`: the carriers a shipment may name. */
export async function fetchShippingProviders(client: TikTokClient, shop: Shop, warehouseId: string): Promise<ShippingProvider[]> {
  const options = await ok<{ delivery_options?: { id: string | number }[] }>(client, {
    method: 'GET',
    path: `/logistics/202309/warehouses/${encodeURIComponent(warehouseId)}/delivery_options`,
    endpoint: 'GET /logistics/202309/warehouses/{warehouse_id}/delivery_options',
    shop,
    idempotent: true,
  });
  const found = new Map<string, ShippingProvider>();
  for (const o of options.delivery_options ?? []) {
    const data = await ok<{ shipping_providers?: { id: string | number; name?: string }[] }>(client, {
      method: 'GET',
      path: `/logistics/202309/delivery_options/${encodeURIComponent(String(o.id))}/shipping_providers`,
      endpoint: 'GET /logistics/202309/delivery_options/{delivery_option_id}/shipping_providers',
      shop,
      idempotent: true,
    });
    for (const sp of data.shipping_providers ?? []) found.set(String(sp.id), { id: String(sp.id), name: sp.name ?? String(sp.id) });
  }
  return [...found.values()];
}

export async function fetchSkus(client: TikTokClient, shop: Shop): Promise<CatalogSnapshot['skus']> {
  const out: CatalogSnapshot['skus'] = [];
  const needDetail: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query: Record<string, string | number> = { page_size: 100 };
    if (token) query.page_token = token;
    const data = await ok<{ products?: ProductSummary[]; next_page_token?: string }>(client, {
      method: 'POST',
      path: '/product/202312/products/search',
      endpoint: 'POST /product/202312/products/search',
      shop,
      query,
      body: {},
      idempotent: true,
    });
    for (const p of data.products ?? []) {
      const skus = p.skus ?? [];
      if (skus.length > 0 && skus.every((s) => typeof s.seller_sku === 'string')) {
        for (const s of skus) out.push({ sku: s.seller_sku!, product_id: String(p.id), sku_id: String(s.id) });
      } else needDetail.push(String(p.id));
    }
    token = data.next_page_token || undefined;
    if (!token || (data.products ?? []).length === 0) break;
  }
  for (const id of needDetail) {
    const p = await ok<{ id: string | number; skus?: { id: string | number; seller_sku?: string }[] }>(client, {
      method: 'GET',
      path: `/product/202309/products/${encodeURIComponent(id)}`,
      endpoint: 'GET /product/202309/products/{id}',
      shop,
      idempotent: true,
    });
    for (const s of p.skus ?? []) if (typeof s.seller_sku === 'string') out.push({ sku: s.seller_sku, product_id: id, sku_id: String(s.id) });
  }
  return out;
}

/**
 * The events the connector subscribes in every shop: order status (1), address updates before
 * shipment (3), buyers' cancellation requests (11) and returns (12), and the shop no longer
 * authorizing the app (6).
 */
export const WEBHOOK_EVENTS = ['ORDER_STATUS_CHANGE', 'RECIPIENT_ADDRESS_UPDATE', 'CANCELLATION_STATUS_CHANGE', 'RETURN_STATUS_CHANGE', 'SELLER_DEAUTHORIZATION'] as const;

export async function subscribeWebhook(client: TikTokClient, shop: Shop, address: string): Promise<void> {
  for (const event_type of WEBHOOK_EVENTS) {
    await ok<unknown>(client, {
      method: 'PUT',
      path: '/event/202309/webhooks',
      endpoint: 'PUT /event/202309/webhooks',
      shop,
      body: { address, event_type },
      idempotent: true,
    });
  }
}

/**
 * Maps everything the ERP needs. The products are read in every shop: the platform's ids are
 * the seller's (a SKU has the same ids in each shop that lists it), but a shop need not list
 * every SKU (a product created in one shop, or deleted in one). Warehouses and carriers are
 * the seller's, read through the first shop. `listShops`: every seller's shops (seller-grants.ts).
 */
export async function mapCatalog(client: TikTokClient, listShops: () => Promise<Shop[]> = () => fetchShops(client)): Promise<CatalogSnapshot> {
  const shops = await listShops();
  if (shops.length === 0) throw new Error('the platform lists no authorized shops for this app and token');
  const first = shops[0]!;
  const [perShop, warehouses] = await Promise.all([Promise.all(shops.map((s) => fetchSkus(client, s))), fetchWarehouses(client, first)]);
  const skus = oneIdPerSellerSku(shops, perShop);
  if (skus.length === 0) throw new Error(`no shop of ${shops.map((s) => s.shop_id).join(', ')} has products with seller_sku`);
  if (warehouses.length === 0) throw new Error(`shop ${first.shop_id} has no warehouses`);
  const shippingProviders = await fetchShippingProviders(client, first, warehouses[0]!.warehouse_id);
  if (shippingProviders.length === 0) throw new Error(`shop ${first.shop_id} lists no shipping providers (warehouse ${warehouses[0]!.warehouse_id})`);
  const listings = shops.map((s, i) => ({ shop_id: s.shop_id, skus: perShop[i]!.map((x) => x.sku) }));
  return { shops, warehouses, skus, shippingProviders, listings };
}

/**
 * Every seller_sku of every shop, once; refused when one names two platform SKUs (in a shop, or
 * across shops): the ERP names a SKU by seller_sku, so it must be unique for the seller.
 */
function oneIdPerSellerSku(shops: Shop[], perShop: CatalogSnapshot['skus'][]): CatalogSnapshot['skus'] {
  const seen = new Map<string, { entry: CatalogSnapshot['skus'][number]; shop: string }>();
  perShop.forEach((list, i) => {
    for (const s of list) {
      const prev = seen.get(s.sku);
      if (prev === undefined) seen.set(s.sku, { entry: s, shop: shops[i]!.shop_id });
      else if (prev.entry.sku_id !== s.sku_id || prev.entry.product_id !== s.product_id)
        throw new Error(
          `seller_sku "${s.sku}" names two platform SKUs (${prev.entry.product_id}/${prev.entry.sku_id} in shop ${prev.shop}, ${s.product_id}/${s.sku_id} in shop ${shops[i]!.shop_id}); the ERP needs it unique`,
        );
    }
  });
  return [...seen.values()].map((v) => v.entry);
}
