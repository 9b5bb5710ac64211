/**
 * The contract adapter is one adapter among others: the shim in front of the reference stack
 * (real mock, real stack, real sockets) answers as the stack does, and the ERP's own change log
 * is used as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, type Pair } from '../../../stack/test/fixtures/pair.ts';
import { createContractAdapter } from '../contract-adapter.ts';
import { startShim, type RunningShim } from '../shim-server.ts';
import { validateAdapter } from '../validate-adapter.ts';

let pair: Pair;
let shim: RunningShim;
beforeAll(async () => {
  pair = await startPair();
  shim = await startShim({ adapter: createContractAdapter({ url: pair.stack.url }), opTimeoutMs: 5000, pollMs: 60_000 });
});
afterAll(async () => {
  await shim?.close();
  await pair?.close();
});

async function viaShim(method: string, path: string, body?: unknown) {
  const res = await fetch(shim.url + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('the contract adapter behind the shim, against the reference stack', () => {
  it('validates, with a real SKU written back unchanged', async () => {
    const sku = pair.catalog.skus[0]!.seller_sku;
    const wh = pair.catalog.warehouses[0]!.id;
    await pair.erp('PUT', `/stock/${sku}/${wh}`, { on_hand: 12 });
    expect(await validateAdapter(createContractAdapter({ url: pair.stack.url }), { timeoutMs: 5000, probe: { sku, warehouse_id: wh } })).toEqual([]);
    expect((await pair.erp('GET', `/stock/${sku}`)).body.warehouses.find((w: { warehouse_id: string }) => w.warehouse_id === wh).on_hand).toBe(12);
  });

  it('answers writes, refusals and reads as the stack does', async () => {
    const sku = pair.catalog.skus[1]!.seller_sku;
    const wh = pair.catalog.warehouses[0]!.id;
    const put = await viaShim('PUT', `/stock/${sku}/${wh}`, { on_hand: 9 });
    expect(put).toMatchObject({ status: 200, body: { sku, warehouse_id: wh, on_hand: 9, available: 9 } });
    expect(await viaShim('POST', `/stock/${sku}/${wh}/adjust`, { delta: -100 })).toMatchObject({ status: 422, body: { error: { code: 'NEGATIVE_STOCK' } } });
    expect(await viaShim('PUT', `/stock/NO-SUCH-SKU/${wh}`, { on_hand: 1 })).toMatchObject({ status: 404, body: { error: { code: 'UNKNOWN_SKU' } } });
    expect(await viaShim('GET', '/orders/404404')).toMatchObject({ status: 404, body: { ingested: false } });
    const direct = await pair.erp('GET', `/stock/${sku}`);
    const shimmed = await viaShim('GET', `/stock/${sku}`);
    expect(shimmed.body.warehouses).toEqual(direct.body.warehouses);
  });

  it('uses the ERP change log as it is', async () => {
    const direct = await pair.erp('GET', '/stock/changes?after_seq=0&limit=100');
    const shimmed = await viaShim('GET', '/stock/changes?after_seq=0&limit=100');
    expect(shimmed.body).toEqual(direct.body);
    expect((await viaShim('GET', '/__shim/stats')).body.change_log).toEqual({ source: 'erp' });
  });
});
