/**
 * The HTTP face of order intake: TikTok's webhook pushes arrive here and go to the webhook
 * receiver (stack/intake/webhook-receiver.ts), which verifies and queues them; the answer is
 * timed as the platform sees it (webhook_ack).
 */
import { StackError } from '../errors.ts';
import type { Router } from '../../lib/http/router.ts';
import type { Handler, Services } from './context.ts';

export function webhookRoutes(router: Router<Handler>, s: Services): void {
  router.add('POST', '/webhooks/tiktok', async (ctx) => {
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
