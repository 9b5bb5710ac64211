/**
 * `peakday run --erp-adapter FILE`: the seller's ERP, reached through their adapter, hosted by
 * `peakday erp-shim` as a child process speaking the ERP contract, so the run goes on unchanged.
 *
 *   checkAdapter  — before any process starts: load the adapter here, validate it (every
 *                   operation present, the read operations tried, each bounded), close it.
 *   startErpShim  — the shim as a child (watched like the mock and the stack), with a probe
 *                   SKU × warehouse from the platform's catalog so the stock write is tried too.
 *   shimFigures   — after the run: its overhead, the ERP's latency, the change log's provenance.
 */
import { LatencyHistogram } from '../../lib/hdr/latency-histogram.ts';
import { importAdapterModule, instantiate } from '../erp-adapter/load-adapter.ts';
import type { ShimStats } from '../erp-adapter/shim-server.ts';
import { validateAdapter } from '../erp-adapter/validate-adapter.ts';
import type { ErpShimFigures, LatencyBrief } from '../results/run-result.ts';
import { ChildService } from './child-service.ts';
import type { ErpAdapterConfig } from './harness-config.ts';
import { getJson } from './json-client.ts';
import type { MockCatalog } from './platform-view.ts';

/** Every problem of the adapter (empty when usable); the adapter is closed again. */
export async function checkAdapter(cfg: ErpAdapterConfig): Promise<string[]> {
  let adapter;
  try {
    adapter = await instantiate(await importAdapterModule(cfg.spec), cfg.options, cfg.opTimeoutMs);
    return (await validateAdapter(adapter, { timeoutMs: cfg.opTimeoutMs })).map((p) => `--erp-adapter ${cfg.spec}: ${p}`);
  } catch (e) {
    return [`--erp-adapter ${cfg.spec}: ${(e as Error).message}`];
  } finally {
    await adapter?.close?.().catch(() => undefined);
  }
}

export function startErpShim(cfg: ErpAdapterConfig, catalog: MockCatalog): Promise<ChildService> {
  const sku = catalog.skus[0]?.seller_sku;
  const wh = catalog.warehouses[0]?.id;
  return ChildService.start('erp-shim', 'erp-shim', [
    '--port', '0', '--adapter', cfg.spec, '--poll-ms', String(cfg.pollMs), '--op-timeout-ms', String(cfg.opTimeoutMs),
    ...Object.entries(cfg.options).flatMap(([k, v]) => ['--adapter-option', `${k}=${v}`]),
    ...(sku && wh ? ['--probe-sku', sku, '--probe-warehouse', wh] : []),
  ], { timeoutMs: 60_000 });
}

function brief(encoded: string): LatencyBrief {
  const h = LatencyHistogram.decode(encoded);
  return { hdr: encoded, count: h.count, p50: h.percentile(50), p99: h.percentile(99), max: h.maxMs };
}

export async function shimFigures(url: string): Promise<ErpShimFigures> {
  const s = await getJson<ShimStats>(`${url}/__shim/stats`);
  return {
    adapter: s.adapter,
    requests: s.requests,
    overhead: brief(s.overhead),
    erp_latency: Object.fromEntries(Object.entries(s.erp_latency).map(([op, h]) => [op, brief(h)])),
    idempotent_replays: s.idempotent_replays,
    change_log: s.change_log,
  };
}
