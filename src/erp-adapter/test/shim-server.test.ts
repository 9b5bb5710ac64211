import { afterEach, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import { startShim, type RunningShim, type ShimStats } from '../shim-server.ts';
import { createMemoryErp, type MemoryErp } from './fixtures/memory-adapter.ts';

let shim: RunningShim | undefined;
afterEach(async () => {
  await shim?.close();
  shim = undefined;
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${shim!.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function start(adapter: MemoryErp = createMemoryErp(), pollMs = 50) {
  shim = await startShim({ adapter, opTimeoutMs: 500, pollMs });
  return adapter;
}

describe('the ERP shim speaks the contract in front of an adapter', () => {
  it('writes, reads and refuses stock as the contract says', async () => {
    await start();
    const put = await call('PUT', '/stock/A/W1', { on_hand: 10 });
    expect(put).toMatchObject({ status: 200, body: { sku: 'A', warehouse_id: 'W1', on_hand: 10, reserved: 0, available: 10 } });
    expect(typeof put.body.accepted_at).toBe('number');
    expect((await call('POST', '/stock/A/W1/adjust', { delta: -3 })).body.available).toBe(7);
    expect(await call('POST', '/stock/A/W1/adjust', { delta: -30 })).toMatchObject({ status: 422, body: { error: { code: 'NEGATIVE_STOCK' } } });
    const batch = await call('POST', '/stock/batch', { lines: [{ sku: 'B', warehouse_id: 'W1', on_hand: 5 }, { sku: 'A', warehouse_id: 'W1', delta: 1 }] });
    expect(batch.body.results.map((r: { available: number }) => r.available)).toEqual([5, 8]);
    expect(await call('GET', '/stock/A')).toMatchObject({ status: 200, body: { sku: 'A', warehouses: [{ warehouse_id: 'W1', available: 8 }], pushed: [] } });
    expect(await call('GET', '/stock/NOPE')).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_SKU' } } });
    expect(await call('PUT', '/stock/A/W1', { on_hand: -1 })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_BODY' } } });
    expect(await call('POST', '/stock/batch', { lines: [] })).toMatchObject({ status: 400 });
    expect(await call('GET', '/stock/changes?after_seq=x')).toMatchObject({ status: 400, body: { error: { code: 'INVALID_PARAM' } } });
    expect(await call('DELETE', '/stock/A')).toMatchObject({ status: 405 });
    expect(await call('GET', '/alerts')).toMatchObject({ status: 404, body: { error: { code: 'ROUTE_NOT_FOUND' } } });
  });

  it('replays an idempotent write without calling the adapter again, and refuses a reused key', async () => {
    const erp = await start();
    const key = { 'idempotency-key': 'k-1' };
    const a = await call('POST', '/stock/A/W1/adjust', { delta: 4 }, key);
    const b = await call('POST', '/stock/A/W1/adjust', { delta: 4 }, key);
    expect(b).toEqual(a);
    expect(erp.calls.adjustStock).toBe(1);
    expect(await call('POST', '/stock/A/W1/adjust', { delta: 5 }, key)).toMatchObject({ status: 409, body: { error: { code: 'IDEMPOTENCY_KEY_REUSED' } } });
  });

  it('serves orders and shipments: 202 created, 200 replayed, 409 conflict', async () => {
    const erp = await start();
    await call('PUT', '/stock/A/W1', { on_hand: 10 });
    erp.place('o1', 'A', 'W1', 2);
    expect(await call('GET', '/orders/o1')).toMatchObject({ status: 200, body: { order_id: 'o1', status: 'allocated', ingested: true } });
    expect(await call('GET', '/orders/o2')).toMatchObject({ status: 404, body: { error: { code: 'ORDER_NOT_FOUND' }, ingested: false } });
    expect((await call('GET', '/orders?after_seq=0&limit=10')).body.orders).toHaveLength(1);
    expect((await call('POST', '/orders/o1/shipment', { carrier: 'c', tracking_number: 'T1' })).status).toBe(202);
    expect((await call('POST', '/orders/o1/shipment', { carrier: 'c', tracking_number: 'T1' })).status).toBe(200);
    expect(await call('POST', '/orders/o1/shipment', { carrier: 'c', tracking_number: 'T2' })).toMatchObject({ status: 409, body: { error: { code: 'SHIPMENT_CONFLICT' } } });
  });

  it('derives the change log: its own writes exactly, others by polling with a stated bound', async () => {
    const erp = await start(createMemoryErp(), 30);
    const put = await call('PUT', '/stock/A/W1', { on_hand: 10 });
    const exact = (await call('GET', '/stock/changes?after_seq=0')).body;
    expect(exact.changes).toEqual([{ seq: 1, sku: 'A', warehouse_id: 'W1', available: 10, at: put.body.accepted_at }]);
    const before = Date.now();
    erp.place('o1', 'A', 'W1', 3); // a change the shim did not make
    let changes: { available: number; at: number }[] = [];
    for (let i = 0; i < 200 && changes.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
      changes = (await call('GET', '/stock/changes?after_seq=0')).body.changes;
    }
    expect(changes.map((c) => c.available)).toEqual([10, 7]);
    const polled = changes[1]!;
    expect(polled.at).toBeLessThanOrEqual(before); // stamped early: its lag is an upper bound
    const stats = (await call('GET', '/__shim/stats')).body as ShimStats;
    expect(stats.change_log).toMatchObject({ source: 'derived', exact_changes: 1, polled_changes: 1, poll_interval_ms: 30 });
    const bound = (stats.change_log as { polled_bound_ms: number }).polled_bound_ms;
    // the stated bound covers how early the polled change may be stamped
    expect(bound).toBeGreaterThanOrEqual(before - polled.at);
    expect((await call('GET', '/stock/changes?after_seq=2')).body).toEqual({ changes: [], next_after_seq: 2 });
  });

  it('names the operation when the adapter fails, hangs or answers wrongly', async () => {
    const erp = createMemoryErp();
    erp.readStock = async () => { throw new Error('db down'); };
    erp.readOrder = () => new Promise(() => undefined);
    erp.listOrders = async () => ({ orders: [], next_after_seq: -1 });
    await start(erp);
    expect(await call('GET', '/stock/A')).toMatchObject({ status: 502, body: { error: { code: 'ERP_FAILED', operation: 'readStock', message: 'readStock() threw: db down' } } });
    expect(await call('GET', '/orders/o1')).toMatchObject({ status: 504, body: { error: { code: 'ERP_TIMEOUT', operation: 'readOrder' } } });
    expect(await call('GET', '/orders')).toMatchObject({ status: 502, body: { error: { code: 'ERP_BAD_ANSWER', operation: 'listOrders' } } });
  });

  it('measures its own overhead apart from the time inside the adapter', async () => {
    const erp = createMemoryErp();
    const read = erp.readStock.bind(erp);
    erp.readStock = async (sku) => {
      await new Promise((r) => setTimeout(r, 40));
      return read(sku);
    };
    await start(erp, 60_000);
    await call('PUT', '/stock/A/W1', { on_hand: 1 });
    for (let i = 0; i < 5; i++) await call('GET', '/stock/A');
    const stats = (await call('GET', '/__shim/stats')).body as ShimStats;
    const inErp = LatencyHistogram.decode(stats.erp_latency.readStock!);
    const overhead = LatencyHistogram.decode(stats.overhead);
    expect(inErp.count).toBe(5);
    expect(inErp.minMs).toBeGreaterThanOrEqual(35);
    expect(overhead.count).toBeGreaterThanOrEqual(6);
    // the 40 ms inside the ERP are not counted as the shim's: its overhead stays below them
    expect(overhead.percentile(50)).toBeLessThan(inErp.percentile(50));
  });
});
