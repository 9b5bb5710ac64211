/**
 * Reads both sides — the platform's ledger, history and statistics, the ERP's orders, changes
 * and stock — and measures the lags and the ledger checks from them (measure-accuracy.ts).
 * After the drain this is the run's accuracy; during the run (the live view) it is the lags so
 * far, read without the ERP's stock: that read is one request per SKU, and the checks it feeds
 * mean nothing before the drain.
 */
import type { ErpView } from './erp-view.ts';
import { measureAccuracy, type AccuracyFigures } from './measure-accuracy.ts';
import type { MockCatalog, MockStats, PlatformView } from './platform-view.ts';
import { statsSince } from './stats-window.ts';
import { accessRenewals, type AccessRenewals } from './access-renewals.ts';
import { rateLimitFigures, type RateLimitFigures } from './call-rates.ts';

export type CollectedFigures = AccuracyFigures & { faults: Record<string, number>; access: AccessRenewals } & RateLimitFigures;

export interface CollectOptions {
  startedAt: number;
  /** Series interval of the lags, ms. */
  intervalMs: number;
  /** The mock's statistics when the load started: the run is judged on what it added (stats-window.ts). */
  baseline: MockStats;
  /** Read the ERP's stock (one request per SKU) for the ledger checks; default true. */
  withStock?: boolean;
}

export async function collectFigures(platform: PlatformView, erp: ErpView, catalog: MockCatalog, opts: CollectOptions): Promise<CollectedFigures> {
  const { startedAt, intervalMs } = opts;
  const [ledger, history, total, erpOrders, erpChanges, erpStock] = await Promise.all([
    platform.ledger(),
    platform.history(),
    platform.stats(),
    erp.orders(),
    erp.changes(),
    opts.withStock === false ? Promise.resolve([]) : erp.stock(catalog.skus.map((s) => s.seller_sku)),
  ]);
  const stats = statsSince(total, opts.baseline);
  const figures = measureAccuracy({
    startedAt,
    intervalMs,
    ledger,
    history,
    stats,
    erpOrders,
    erpChanges,
    erpStock,
    sellerSkuOf: new Map(catalog.skus.map((s) => [s.id, s.seller_sku])),
  });
  return { ...figures, faults: stats.faults, access: accessRenewals(stats), ...rateLimitFigures(stats) };
}
