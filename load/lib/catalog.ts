/**
 * The mock platform's catalog as scenarios need it, read in setup() from the mock's control
 * API (`GET /__mock/catalog`, answered in TikTok's envelope) and handed to every VU as setup data.
 */
import http from 'k6/http';

export interface Shop {
  id: string;
  cipher: string;
  region: string;
}
export interface Sku {
  id: string;
  product_id: string;
  seller_sku: string;
}
export interface Warehouse {
  id: string;
  region: string;
}
export interface ScenarioCatalog {
  shops: Shop[];
  skus: Sku[];
  warehouses: Warehouse[];
  regions: string[];
  shippingProviderId: string;
}

interface RawCatalog {
  shops: { id: string; cipher: string; region: string }[];
  skus: { id: string; product_id: string; seller_sku: string }[];
  warehouses: { id: string; region_code?: string; region?: string; address?: { region_code?: string } }[];
  shipping_providers?: { id: string }[];
}

export async function fetchCatalog(mockUrl: string): Promise<ScenarioCatalog> {
  const res = await http.get(`${mockUrl}/__mock/catalog`, { tags: { name: 'mock catalog' } });
  if (res.status !== 200) throw new Error(`mock catalog: HTTP ${res.status} ${String(res.body).slice(0, 200)}`);
  const raw = (res.json() as unknown as { data: RawCatalog }).data;
  const warehouses = raw.warehouses.map((w) => ({
    id: w.id,
    region: w.region_code ?? w.region ?? w.address?.region_code ?? 'UNKNOWN',
  }));
  const regions = [...new Set(warehouses.map((w) => w.region))];
  return {
    shops: raw.shops.map((s) => ({ id: s.id, cipher: s.cipher, region: s.region })),
    skus: raw.skus.map((s) => ({ id: s.id, product_id: s.product_id, seller_sku: s.seller_sku })),
    warehouses,
    regions,
    shippingProviderId: raw.shipping_providers?.[0]?.id ?? 'peakday-carrier',
  };
}
