/**
 * Operations routes: liveness, readiness (db open, catalog mapped, webhooks subscribed; the shops
 * that deauthorized this app are listed, and do not make the stack unready: the others go on) and
 * Prometheus metrics.
 */
import { readVitals } from '../../lib/process/vitals.ts';
import type { Router } from '../../lib/http/router.ts';
import type { Handler, Services } from './context.ts';

export function opsRoutes(router: Router<Handler>, s: Services): void {
  router
    .add('GET', '/health', () => ({ status: 200, body: { live: true, ...readVitals() } }))
    .add('GET', '/ready', () => {
      const r = s.readiness();
      return { status: r.ready ? 200 : 503, body: r };
    })
    .add('GET', '/metrics', async () => ({ status: 200, text: await s.metrics.registry.metrics(), contentType: s.metrics.registry.contentType }))
    // Not part of the contract: the stack's own lag histograms (cumulative, HDR compressed
    // base64, LatencyHistogram.decode) for the benchmark, which needs exact percentiles.
    .add('GET', '/metrics/hdr', () => ({
      status: 200,
      body: {
        sync_lag_ms: s.metrics.syncLagHdr.encode(),
        ingest_lag_ms: s.metrics.ingestLagHdr.encode(),
        webhook_ack_ms: s.metrics.webhookAckHdr.encode(),
        group_commit: s.gc.stats,
        cpu_us: process.cpuUsage(),
      },
    }));
}
