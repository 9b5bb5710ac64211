/**
 * ERP stock routes: writes (set, adjust, batch), reads, the availability change log, safety
 * thresholds and low-stock alerts. Shapes are the public contract (stack/openapi.yaml).
 */
import type { Statement } from 'better-sqlite3';
import { StackError } from '../errors.ts';
import type { Router } from '../../lib/http/router.ts';
import { idempotentWrite, requireCatalog, type Handler, type Services } from './context.ts';
import { isObject } from '../../lib/json/is-object.ts';
import { checkKeys, intField, queryInt, requireObject, strField, throwIfProblems, type Problems } from './validate.ts';

const MAX_BATCH = 500;
const MAX_QTY = 1_000_000_000;

type Line = { sku: string; warehouse_id: string } & ({ on_hand: number } | { delta: number });

function applyLine(s: Services, l: Line, now: number) {
  s.ledger.check(l.sku, l.warehouse_id);
  const row = s.ledger.row(l.sku, l.warehouse_id);
  const onHand = 'on_hand' in l ? l.on_hand : row.on_hand + l.delta;
  if (onHand < 0) throw new StackError('NEGATIVE_STOCK', `${l.sku} @ ${l.warehouse_id}: on_hand ${row.on_hand} + delta ${(l as { delta: number }).delta} = ${onHand}`);
  if (onHand > MAX_QTY) throw new StackError('INVALID_BODY', `${l.sku} @ ${l.warehouse_id}: on_hand ${onHand} exceeds ${MAX_QTY}`);
  return s.ledger.write(l.sku, l.warehouse_id, onHand, row.reserved, now, row);
}

function parseLine(v: unknown, where: string, problems: Problems): Line | undefined {
  if (!isObject(v)) {
    problems.push(`${where}expected an object`);
    return undefined;
  }
  checkKeys(v, ['sku', 'warehouse_id', 'on_hand', 'delta'], where, problems);
  const sku = strField(v, 'sku', where, problems);
  const wh = strField(v, 'warehouse_id', where, problems);
  const hasSet = v.on_hand !== undefined;
  const hasDelta = v.delta !== undefined;
  if (hasSet === hasDelta) {
    problems.push(`${where}give exactly one of on_hand or delta`);
    return undefined;
  }
  if (hasSet) {
    const on_hand = intField(v, 'on_hand', where, problems, { min: 0, max: MAX_QTY });
    return sku !== undefined && wh !== undefined && on_hand !== undefined ? { sku, warehouse_id: wh, on_hand } : undefined;
  }
  const delta = intField(v, 'delta', where, problems, { min: -MAX_QTY, max: MAX_QTY });
  return sku !== undefined && wh !== undefined && delta !== undefined ? { sku, warehouse_id: wh, delta } : undefined;
}

export function stockRoutes(router: Router<Handler>, s: Services): void {
  const changes: Statement<[number, number], { seq: number; sku: string; warehouse_id: string; available: number; at: number }> = s.db.prepare(
    'SELECT seq, sku, warehouse_id, available, at FROM stock_changes WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const alerts: Statement<[number, number], { seq: number; sku: string; available_total: number; threshold: number; at: number }> = s.db.prepare(
    'SELECT seq, sku, available_total, threshold, at FROM alerts WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const pushedOf: Statement<[string], { shop_id: string; warehouse_id: string; quantity: number; pushed_at: number }> = s.db.prepare(
    'SELECT shop_id, warehouse_id, quantity, pushed_at FROM pushed WHERE sku = ? ORDER BY shop_id, warehouse_id',
  );

  const single =
    (kind: 'set' | 'adjust'): Handler =>
    async (ctx) => {
      requireCatalog(s);
      const body = requireObject(await ctx.json());
      const problems: Problems = [];
      const field = kind === 'set' ? 'on_hand' : 'delta';
      checkKeys(body, [field], '', problems);
      const n = intField(body, field, '', problems, kind === 'set' ? { min: 0, max: MAX_QTY } : { min: -MAX_QTY, max: MAX_QTY });
      throwIfProblems(problems);
      const { sku, warehouse_id } = ctx.params as { sku: string; warehouse_id: string };
      const line = (kind === 'set' ? { sku, warehouse_id, on_hand: n! } : { sku, warehouse_id, delta: n! }) as Line;
      return idempotentWrite(s, ctx, body, (now) => ({ status: 200, body: { ...applyLine(s, line, now), accepted_at: now } }));
    };

  router
    .add('POST', '/stock/batch', async (ctx) => {
      requireCatalog(s);
      const body = requireObject(await ctx.json());
      const problems: Problems = [];
      checkKeys(body, ['lines'], '', problems);
      const raw = body.lines;
      const lines: Line[] = [];
      if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_BATCH) problems.push(`lines: expected an array of 1..${MAX_BATCH} lines, got ${Array.isArray(raw) ? `${raw.length} lines` : JSON.stringify(raw)?.slice(0, 40)}`);
      else raw.forEach((v, i) => {
        const l = parseLine(v, `lines[${i}].`, problems);
        if (l) lines.push(l);
      });
      throwIfProblems(problems);
      return idempotentWrite(s, ctx, body, (now) => {
        const results = lines.map((l, i) => {
          try {
            return applyLine(s, l, now);
          } catch (e) {
            if (e instanceof StackError) throw new StackError(e.code, `lines[${i}]: ${e.message}`);
            throw e;
          }
        });
        return { status: 200, body: { results: results.map((r) => ({ ...r, accepted_at: now })), accepted_at: now } };
      });
    })
    .add('GET', '/stock/changes', (ctx) => {
      const after = queryInt(ctx.query, 'after_seq', 0, Number.MAX_SAFE_INTEGER);
      const limit = queryInt(ctx.query, 'limit', 1000, 10_000) || 1000;
      const rows = changes.all(after, limit).map((r) => ({ ...r, offered: s.ledger.offers(r.available) }));
      return { status: 200, body: { changes: rows, next_after_seq: rows.length > 0 ? rows[rows.length - 1]!.seq : after } };
    })
    // Literal `safety` before the `{warehouse_id}` param (warehouse ids are the platform's numeric ids).
    .add('PUT', '/stock/{sku}/safety', async (ctx) => {
      requireCatalog(s);
      const body = requireObject(await ctx.json());
      const problems: Problems = [];
      checkKeys(body, ['threshold'], '', problems);
      const threshold = intField(body, 'threshold', '', problems, { min: 0, max: MAX_QTY });
      throwIfProblems(problems);
      const sku = ctx.params.sku!;
      return idempotentWrite(s, ctx, body, (now) => ({ status: 200, body: { ...s.ledger.setThreshold(sku, threshold!, now), accepted_at: now } }));
    })
    .add('PUT', '/stock/{sku}/{warehouse_id}', single('set'))
    .add('POST', '/stock/{sku}/{warehouse_id}/adjust', single('adjust'))
    .add('GET', '/stock/{sku}', (ctx) => {
      requireCatalog(s);
      const sku = ctx.params.sku!;
      s.ledger.check(sku);
      const warehouses = [...s.catalog.warehouses.keys()].sort().map((w) => {
        const r = s.ledger.row(sku, w);
        const available = Math.max(0, r.on_hand - r.reserved);
        return { warehouse_id: w, on_hand: r.on_hand, reserved: r.reserved, available, offered: s.ledger.offers(available) };
      });
      return {
        status: 200,
        body: { sku, safety_stock: s.catalog.skus.get(sku)!.safety_stock, warehouses, pushed: pushedOf.all(sku) },
      };
    })
    .add('GET', '/alerts', (ctx) => {
      const after = queryInt(ctx.query, 'after_seq', 0, Number.MAX_SAFE_INTEGER);
      const limit = queryInt(ctx.query, 'limit', 1000, 10_000) || 1000;
      const rows = alerts.all(after, limit);
      return { status: 200, body: { alerts: rows, next_after_seq: rows.length > 0 ? rows[rows.length - 1]!.seq : after } };
    });
}
