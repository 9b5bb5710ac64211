/**
 * `PUT /__mock/inventory`: the item limit mocks/README.md states is one the mock accepts with
 * its default body cap, and one item more is refused by name, not by size.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0, seed: 'seed-limit', skus: 200 });
});
afterAll(async () => {
  await mock?.close();
});

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const row = readme.split('\n').find((l) => l.startsWith('| `PUT /__mock/inventory`')) ?? '';

/** `n` items with the platform's full ids (the longest a client sends), as compact JSON. */
function items(n: number): string {
  const cat = mock.platform.catalog;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const shop = cat.shops[i % cat.shops.length] as { id: string };
    const sku = cat.skus[Math.floor(i / cat.shops.length) % cat.skus.length] as { id: string };
    const wh = cat.warehouses[i % cat.warehouses.length] as { id: string };
    out.push({ shop_id: shop.id, sku_id: sku.id, warehouse_id: wh.id, quantity: 99_999 });
  }
  return JSON.stringify({ items: out });
}

async function put(body: string): Promise<{ status: number; body: { code: number; message: string; data: { updated?: number } } }> {
  const res = await fetch(`${mock.url}/__mock/inventory`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, body: (await res.json()) as never };
}

describe('PUT /__mock/inventory limits', () => {
  it('the README states the item limit and the byte cap', () => {
    expect(row).toMatch(/≤ [\d,]+ items/);
    expect(row).toMatch(/4 MiB/);
  });

  it('accepts the documented number of items under the default body cap', async () => {
    const limit = Number(/≤ ([\d,]+)/.exec(row)![1]!.replace(/,/g, ''));
    const body = items(limit);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(4 * 1024 * 1024);
    const r = await put(body);
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.data.updated).toBe(limit);
    const over = await put(items(limit + 1));
    expect(over.status).toBe(400);
    expect(over.body.code).toBe(36009004);
    expect(over.body.message).toMatch(/items/);
  }, 30_000);
});
