/**
 * The catalog's writer and the ledger it grows, in-process: created SKUs append to the ledger
 * without moving a seeded key, the bound on added SKUs, and reset back to the seed.
 */
import { expect, it } from 'vitest';
import { buildCatalog } from '../state/catalog.ts';
import { Inventory } from '../state/inventory.ts';
import { MAX_ADDED_SKUS, ProductStore } from '../state/product-store.ts';

const setup = () => {
  const catalog = buildCatalog({ seed: 'store', shops: 3, skus: 10, warehouses: 2 });
  const inventory = new Inventory(catalog, () => 1_000);
  return { catalog, inventory, store: new ProductStore(catalog, inventory, () => 1_000) };
};

it('appends created SKUs to the ledger, keeping every existing key and its stock', () => {
  const { catalog, inventory, store } = setup();
  const seeded = inventory.key(2, 9, 1);
  inventory.set(seeded, 42, 'set');
  const skus = Array.from({ length: 50 }, (_, i) => ({ seller_sku: `NEW-${i}`, price: '3.00', sales_attributes: [{ name: 'N', value_name: String(i) }] }));
  const p = store.create(1, { title: 't', description: 'd', draft: false }, skus);
  expect([inventory.availableAt(seeded), inventory.key(2, 9, 1), inventory.size]).toEqual([42, seeded, 60 * 3 * 2]);
  const last = p.skus.at(-1)!;
  inventory.set(inventory.key(1, last.index, 1), 7, 'push');
  expect([last.index, inventory.coords(inventory.key(1, last.index, 1)), inventory.totalAvailable(1, last.index)]).toEqual([59, [1, 59, 1], 7]);
  expect(catalog.skuBySellerSku.get('NEW-49')).toBe(last);
});

it('bounds the SKUs the seller may add', () => {
  const { store } = setup();
  expect([store.roomFor(MAX_ADDED_SKUS), store.roomFor(MAX_ADDED_SKUS + 1)]).toEqual([true, false]);
  store.create(0, { title: 't', description: 'd', draft: false }, [{ seller_sku: 'A', price: '1.00' }]);
  expect(store.roomFor(MAX_ADDED_SKUS)).toBe(false);
});

it('reset brings back the seeded catalog and a ledger of its size', () => {
  const { catalog, inventory, store } = setup();
  const first = catalog.products[0]!;
  store.edit(first, { title: 'renamed' });
  store.setSkus(first, [{ seller_sku: 'ONLY', price: '2.00' }]);
  store.reset();
  inventory.reset();
  expect([catalog.products[0]!.title === 'renamed', catalog.skus.length, catalog.skuBySellerSku.has('ONLY'), inventory.size]).toEqual([false, 10, false, 60]);
  expect(catalog.productById.get(first.id)!.skus.length).toBeGreaterThan(0);
});
