/**
 * ERP order routes: read by platform order id, the export for reconciliation, and the
 * warehouse's shipment write.
 */
import { StackError } from '../errors.ts';
import type { Router } from '../../lib/http/router.ts';
import { idempotentWrite, type Handler, type Services } from './context.ts';
import { checkKeys, queryInt, requireObject, strField, throwIfProblems, type Problems } from './validate.ts';

export function orderRoutes(router: Router<Handler>, s: Services): void {
  router
    .add('GET', '/orders', (ctx) => {
      const after = queryInt(ctx.query, 'after_seq', 0, Number.MAX_SAFE_INTEGER);
      const limit = queryInt(ctx.query, 'limit', 500, 5000) || 500;
      return { status: 200, body: s.book.exportPage(after, limit) };
    })
    .add('GET', '/orders/{order_id}', (ctx) => {
      const v = s.book.view(ctx.params.order_id!);
      if (!v) throw new StackError('ORDER_NOT_FOUND', `"${ctx.params.order_id}"`, { ingested: false });
      return { status: 200, body: v };
    })
    .add('POST', '/orders/{order_id}/shipment', async (ctx) => {
      const body = requireObject(await ctx.json());
      const problems: Problems = [];
      checkKeys(body, ['carrier', 'tracking_number'], '', problems);
      const carrier = strField(body, 'carrier', '', problems, 100);
      const tracking = strField(body, 'tracking_number', '', problems, 100);
      throwIfProblems(problems);
      const orderId = ctx.params.order_id!;
      return idempotentWrite(s, ctx, body, (now) => s.book.markShipped(orderId, carrier!, tracking!, now));
    });
}
