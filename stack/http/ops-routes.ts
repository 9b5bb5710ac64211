/**
 * Operations routes: liveness, readiness (db open, catalog mapped, webhooks subscribed) and
 * Prometheus metrics; plus the TikTok webhook receiver's route.
 */
import { eventLoopDelayP99 } from '../../lib/process/event-loop-delay.ts';
import { StackError } from '../errors.ts';
import type { Router } from '../../lib/http/router.ts';
import type { Handler, Services } from './context.ts';

export function opsRoutes(router: Router<Handler>, s: Services): void {
  router
    .add('GET', '/health', () => ({ status: 200, body: { live: true, event_loop_delay_p99_ms: eventLoopDelayP99() } }))
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
    }))
    .add('POST', '/webhooks/tiktok', async (ctx) => {
      const started = performance.now();
      const auth = ctx.headers.authorization;
      try {
        const outcome = await s.receiver.receive(await ctx.raw(), Array.isArray(auth) ? auth[0] : auth, Date.now());
        if (s.defects.has('slow-webhook-ack')) await new Promise((r) => setTimeout(r, 800));
        const ms = performance.now() - started;
        s.metrics.webhookAck.observe({ outcome }, ms / 1000);
        s.metrics.webhookAckHdr.record(ms);
        return { status: 200, body: { code: 0, message: 'success', outcome } };
      } catch (e) {
        s.metrics.webhookAck.observe({ outcome: e instanceof StackError ? e.code : 'error' }, (performance.now() - started) / 1000);
        throw e;
      }
    });
}
