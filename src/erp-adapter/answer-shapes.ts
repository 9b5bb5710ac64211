/**
 * What each adapter operation must answer, checked on every answer (not only at start-up):
 * a wrong shape is reported naming the operation and the field, before it can reach a scenario
 * or the reconciliation as a silently wrong number. Each checker returns every problem found
 * (at most a few per answer, so one bad row of a thousand does not flood the message).
 */
import type { OperationName } from './erp-adapter.ts';

type Problems = string[];
const MAX_PROBLEMS = 5;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly problems: Problems = [];
  add(p: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }
  str(o: Record<string, unknown>, k: string, at: string): void {
    if (typeof o[k] !== 'string' || o[k] === '') this.add(`${at}.${k} must be a non-empty string (got ${show(o[k])})`);
  }
  int(o: Record<string, unknown>, k: string, at: string, min = -Infinity): void {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.add(`${at}.${k} must be an integer${min > -Infinity ? ` >= ${min}` : ''} (got ${show(v)})`);
  }
  time(o: Record<string, unknown>, k: string, at: string, nullable: boolean): void {
    const v = o[k];
    if (nullable && (v === null || v === undefined)) return;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) this.add(`${at}.${k} must be a time in ms${nullable ? ' or null' : ''} (got ${show(v)})`);
  }
  level(v: unknown, at: string, skuNeeded = true): void {
    if (!isObj(v)) return this.add(`${at} must be an object (got ${show(v)})`);
    if (skuNeeded || v.sku !== undefined) this.str(v, 'sku', at);
    this.str(v, 'warehouse_id', at);
    this.int(v, 'on_hand', at, 0);
    this.int(v, 'reserved', at, 0);
    this.int(v, 'available', at, 0);
    if (typeof v.on_hand === 'number' && typeof v.reserved === 'number' && v.available !== Math.max(0, v.on_hand - v.reserved))
      this.add(`${at}.available must be max(0, on_hand − reserved) = ${Math.max(0, v.on_hand - v.reserved)} (got ${show(v.available)})`);
  }
  lines(v: unknown, at: string): void {
    if (!Array.isArray(v)) return this.add(`${at} must be an array (got ${show(v)})`);
    v.forEach((l, i) => {
      if (!isObj(l)) return this.add(`${at}[${i}] must be an object`);
      this.str(l, 'sku', `${at}[${i}]`);
      this.int(l, 'quantity', `${at}[${i}]`, 1);
    });
  }
  order(v: unknown, at: string): void {
    if (!isObj(v)) return this.add(`${at} must be an object (got ${show(v)})`);
    this.str(v, 'order_id', at);
    this.str(v, 'shop_id', at);
    if (!['received', 'allocated', 'backordered', 'cancelled', 'shipped'].includes(v.status as string))
      this.add(`${at}.status must be received|allocated|backordered|cancelled|shipped (got ${show(v.status)})`);
    this.lines(v.lines, `${at}.lines`);
    if (!Array.isArray(v.allocation)) this.add(`${at}.allocation must be an array (got ${show(v.allocation)})`);
    else v.allocation.forEach((a, i) => (isObj(a) ? (this.str(a, 'warehouse_id', `${at}.allocation[${i}]`), this.lines(a.lines, `${at}.allocation[${i}].lines`)) : this.add(`${at}.allocation[${i}] must be an object`)));
    for (const k of ['received_at', 'allocated_at', 'shipped_at']) this.time(v, k, at, true);
    const s = v.shipment;
    if (s !== null && s !== undefined) {
      if (!isObj(s)) this.add(`${at}.shipment must be an object or null`);
      else {
        this.str(s, 'carrier', `${at}.shipment`);
        this.str(s, 'tracking_number', `${at}.shipment`);
        this.time(s, 'synced_at', `${at}.shipment`, true);
      }
    }
  }
  page(v: unknown, listKey: string, item: (x: unknown, at: string) => void, afterSeq: number): void {
    if (!isObj(v)) return this.add(`the answer must be an object (got ${show(v)})`);
    const list = v[listKey];
    if (!Array.isArray(list)) return this.add(`${listKey} must be an array (got ${show(list)})`);
    this.int(v, 'next_after_seq', 'answer', 0);
    let last = afterSeq;
    list.forEach((x, i) => {
      item(x, `${listKey}[${i}]`);
      const seq = isObj(x) ? x.seq : undefined;
      if (typeof seq !== 'number' || !(seq > last)) this.add(`${listKey}[${i}].seq must be greater than ${last} (got ${show(seq)})`);
      else last = seq;
    });
    if (typeof v.next_after_seq === 'number' && list.length > 0 && v.next_after_seq < last) this.add(`next_after_seq must be at least the last seq ${last} (got ${v.next_after_seq})`);
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The problems of `answer` as the answer of `op` (empty when it is well formed). */
export function answerProblems(op: OperationName, answer: unknown, args: { afterSeq?: number; lineCount?: number; orderId?: string } = {}): string[] {
  const c = new Checker();
  switch (op) {
    case 'setStock':
    case 'adjustStock':
      c.level(answer, 'answer');
      if (isObj(answer)) c.time(answer, 'accepted_at', 'answer', false);
      break;
    case 'batchStock':
      if (!isObj(answer) || !Array.isArray(answer.results)) c.add(`the answer must be {results: [...], accepted_at} (got ${show(answer)})`);
      else {
        if (args.lineCount !== undefined && answer.results.length !== args.lineCount) c.add(`results must have one level per line: ${args.lineCount} (got ${answer.results.length})`);
        answer.results.forEach((r, i) => c.level(r, `results[${i}]`));
        c.time(answer, 'accepted_at', 'answer', false);
      }
      break;
    case 'readStock':
      if (answer === null) break;
      if (!isObj(answer) || !Array.isArray(answer.warehouses)) c.add(`the answer must be null or {sku, warehouses: [...]} (got ${show(answer)})`);
      else {
        c.str(answer, 'sku', 'answer');
        answer.warehouses.forEach((w, i) => c.level(w, `warehouses[${i}]`, false));
      }
      break;
    case 'listOrders':
      c.page(answer, 'orders', (x, at) => c.order(x, at), args.afterSeq ?? 0);
      break;
    case 'readOrder':
      if (answer === null) break;
      c.order(answer, 'answer');
      if (isObj(answer) && args.orderId !== undefined && answer.order_id !== args.orderId) c.add(`answer.order_id must be the order asked for, ${args.orderId} (got ${show(answer.order_id)})`);
      break;
    case 'markShipped':
      if (!isObj(answer)) c.add(`the answer must be an object (got ${show(answer)})`);
      else {
        c.str(answer, 'order_id', 'answer');
        c.time(answer, 'shipped_at', 'answer', false);
        if (answer.outcome !== 'created' && answer.outcome !== 'replayed') c.add(`answer.outcome must be created|replayed (got ${show(answer.outcome)})`);
      }
      break;
    case 'stockChanges':
      c.page(answer, 'changes', (x, at) => {
        if (!isObj(x)) return c.add(`${at} must be an object`);
        c.str(x, 'sku', at);
        c.str(x, 'warehouse_id', at);
        c.int(x, 'available', at, 0);
        c.time(x, 'at', at, false);
      }, args.afterSeq ?? 0);
      break;
    case 'ready':
      if (typeof answer !== 'boolean') c.add(`the answer must be true or false (got ${show(answer)})`);
      break;
    case 'close':
      break;
  }
  return c.problems;
}
