/**
 * Before the load: every SKU in every warehouse gets the configured stock in the ERP, and the
 * run waits (bounded) until the platform shows it. A stack that never converges is for the
 * accuracy standards to judge, not a reason to stop: the run goes on with a warning.
 */
import { drain } from './drain.ts';
import type { ErpView } from './erp-view.ts';
import type { MockCatalog, PlatformView } from './platform-view.ts';

const SEED_DRAIN_MS = 30_000;

export async function seedStock(platform: PlatformView, erp: ErpView, catalog: MockCatalog, initialStock: number, log: (line: string) => void): Promise<void> {
  const sellerSkus = catalog.skus.map((s) => s.seller_sku);
  log(`peakday: seeding ${sellerSkus.length} SKUs × ${catalog.warehouses.length} warehouses with ${initialStock} on hand`);
  await erp.setStock(
    catalog.skus.flatMap((s) => catalog.warehouses.map((w) => ({ sku: s.seller_sku, warehouse_id: w.id, on_hand: initialStock }))),
    `seed-${Date.now()}`,
  );
  const seeded = await drain(platform, erp, sellerSkus, { timeoutMs: SEED_DRAIN_MS, pollMs: 250 });
  if (!seeded.drained) log(`peakday: warning: the seed stock had not reached the platform after 30 s (${seeded.pending.join('; ')}); running anyway`);
}
