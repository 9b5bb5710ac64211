/**
 * A client written only from the reference doc runs the whole integration loop against the
 * mock, unchanged but for its base URL: discover shops, warehouses and products (seller_sku ->
 * ids), push stock, receive an order webhook, fetch the order, mark it shipped; and take a
 * shop's authorization away; and the catalog loop: create a product, stock it, a buyer orders
 * it, reprice and edit it; create a global product and publish it to a market.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_TABLES, startMock, type RunningMock } from '../server.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let client: DocClient;
let hook: Server;
const notifications: { order_id: string; order_status: string }[] = [];

beforeAll(async () => {
  m = await startMock({ seed: 'doc-client' });
  hook = createServer((req, res) => {
    let b = '';
    req.on('data', (d: Buffer) => (b += d.toString()));
    req.on('end', () => {
      notifications.push(JSON.parse(b).data);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await m.close();
  hook.closeAllConnections();
  await new Promise((r) => hook.close(r));
});

it('runs the stock -> order -> shipment loop', async () => {
  client = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  const shops = (await client.getAuthorizedShops()).env.data.shops;
  const shop = shops[1]!;
  const warehouses = (await client.getWarehouses(shop.cipher)).env.data.warehouses as { id: string }[];
  // seller_sku -> product/sku ids, the way a connector learns them.
  const found = (await client.searchProducts(shop.cipher, 10, undefined, { seller_skus: ['SKU-000042'] })).env.data.products[0];
  const sku = found.skus.find((s: { seller_sku: string }) => s.seller_sku === 'SKU-000042');
  const pushed = await client.updateInventory(
    shop.cipher,
    found.id,
    [{ id: sku.id, inventory: warehouses.map((w, i) => ({ warehouse_id: w.id, quantity: 10 * (i + 1) })) }],
  );
  expect(pushed.env).toMatchObject({ code: 0, data: {} });
  expect((await client.setWebhook(shop.cipher, `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`)).env.code).toBe(0);

  const placed = (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ seller_sku: 'SKU-000042', quantity: 2 }], buyer_region: 'US-WEST' })).env.data;
  expect(placed.accepted).toBe(true);
  for (let i = 0; i < 100 && notifications.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(notifications[0]).toMatchObject({ order_id: placed.order_id, order_status: 'AWAITING_SHIPMENT' });

  const order = (await client.getOrders(shop.cipher, [notifications[0]!.order_id])).env.data.orders[0];
  expect(order.recipient_address.region_code).toBe('US-WEST');
  expect(order.line_items[0].seller_sku).toBe('SKU-000042');
  const inv = (await client.searchInventory(shop.cipher, { sku_ids: [sku.id] })).env.data.inventory[0].skus[0];
  expect([inv.total_available_quantity, inv.total_committed_quantity]).toEqual([58, 2]);

  const providers = (await client.getShippingProviders(shop.cipher, '7129736147587000321')).env.data.shipping_providers;
  const shipped = await client.markShipped(shop.cipher, order.id, { tracking_number: '1Z999AA10123456784', shipping_provider_id: providers[1].id });
  expect(shipped.env.code).toBe(0);
  const after = (await client.getOrders(shop.cipher, [order.id])).env.data.orders[0];
  expect([after.status, after.tracking_number, after.shipping_provider]).toEqual(['AWAITING_COLLECTION', '1Z999AA10123456784', 'UPS']);
});

it('deauthorizes a shop, which then refuses its calls', async () => {
  const shop = (await client.getAuthorizedShops()).env.data.shops[2]!;
  expect((await client.deauthorizeShop(shop.cipher)).env.code).toBe(0);
  expect((await client.getWarehouses(shop.cipher)).env.code).toBe(36009004);
  expect((await client.getAuthorizedShops()).env.data.shops.map((s) => s.id)).not.toContain(shop.id);
});

it('packs the way a connector does: split, combine, bought label, warehouse confirmation', async () => {
  const shop = (await client.getAuthorizedShops()).env.data.shops[1]!;
  const buy = async (quantity: number[], buyer_id: string) =>
    (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop.id, buyer_id, line_items: quantity.map((q) => ({ seller_sku: 'SKU-000042', quantity: q })) })).env.data;
  const multi = await buy([1, 2], 'doc-buyer-1');
  expect((await client.getSplitAttributes(shop.cipher, [multi.order_id])).env.data.split_attributes[0].can_split).toBe(true);
  const lines = multi.line_items.map((l: { id: string }) => l.id);
  const split = (await client.splitOrder(shop.cipher, multi.order_id, [{ id: 'a', order_line_item_ids: [lines[0]] }, { id: 'b', order_line_item_ids: [lines[1]] }])).env.data.packages;
  expect(split).toHaveLength(2);
  expect((await client.shipPackage(shop.cipher, split[0].id)).env.code).toBe(0);
  const label = await client.createPackages(shop.cipher, { ship_type: '2', order_line_item: [{ order_line_id: lines[1] }] });
  expect(label.env.data.package_id).toBe(split[1].id);
  expect((await client.getPackage(shop.cipher, split[1].id)).env.data.package_status).toBe('PROCESSING');

  const x = await buy([1], 'doc-buyer-2');
  const y = await buy([1], 'doc-buyer-2');
  const group = (await client.searchCombinablePackages(shop.cipher, 20)).env.data.combinable_packages[0];
  expect(group).toEqual({ id: x.package_id, order_ids: [x.order_id, y.order_id] });
  expect((await client.combinePackages(shop.cipher, [group])).env.data.packages).toEqual([group]);
  const apart = (await client.uncombinePackage(shop.cipher, x.package_id, [y.order_id])).env.data.packages[0];
  const fedex = (await client.getShippingProviders(shop.cipher, '7129736147587000321')).env.data.shipping_providers.find((p: { name: string }) => p.name === 'FedEx');
  const synced = await client.confirmPackageShipment(shop.cipher, { packages: [{ id: apart.id, tracking_number: 'WMS-000001', shipping_provider_id: fedex.id }] });
  expect(synced.env.data).toEqual({ success_packages: [apart.id], errors: [] });
  expect((await client.getTracking(shop.cipher, y.order_id)).env.data.tracking[0]?.description).toContain('FedEx');
});

it('sells the catalog it creates: create, stock, order, edit', async () => {
  const shops = (await client.getAuthorizedShops()).env.data.shops;
  const [shop, other] = [shops[0]!, shops[1]!];
  const warehouses = (await client.getWarehouses(shop.cipher)).env.data.warehouses as { id: string }[];
  const ready = (await client.getPrerequisites(shop.cipher)).env.data.check_results;
  expect(ready.filter((x) => x.is_failed)).toEqual([]);

  const created = await client.createProduct(shop.cipher, {
    title: 'Trail Runner 2',
    description: '<p>A light shoe.</p>',
    category_id: '601226',
    main_images: [{ uri: 'tos-us/trail-runner-2' }],
    package_weight: { value: '0.8', unit: 'KILOGRAM' },
    skus: ['41', '42'].map((size) => ({ seller_sku: `TR2-${size}`, price: { amount: '89.00', currency: 'USD' }, sales_attributes: [{ name: 'Size', value_name: size }] })),
  });
  expect(created.env.code).toBe(0);
  const productId = created.env.data.product_id as string;
  const skus = created.env.data.skus as { id: string; seller_sku: string }[];
  expect(skus.map((s) => s.seller_sku)).toEqual(['TR2-41', 'TR2-42']);

  // Stocked like any product, found by its seller SKU, ordered by a buyer.
  const stock = skus.map((s) => ({ id: s.id, inventory: [{ warehouse_id: warehouses[0]!.id, quantity: 5 }] }));
  expect((await client.updateInventory(shop.cipher, productId, stock)).env).toMatchObject({ code: 0, data: {} });
  const found = (await client.searchProducts(shop.cipher, 10, undefined, { seller_skus: ['TR2-42'] })).env.data.products;
  expect(found.map((p: { id: string }) => p.id)).toEqual([productId]);
  const placed = (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ seller_sku: 'TR2-42', quantity: 2 }] })).env.data;
  expect(placed.accepted).toBe(true);
  const order = (await client.getOrders(shop.cipher, [placed.order_id])).env.data.orders[0];
  expect(order.line_items.map((l: { sku_id: string; product_id: string; sale_price: string }) => [l.sku_id, l.product_id, l.sale_price])).toEqual([[skus[1]!.id, productId, '89.00']]);
  const inv = (await client.searchInventory(shop.cipher, { product_ids: [productId] })).env.data.inventory[0].skus;
  expect(inv.map((s: { total_available_quantity: number; total_committed_quantity: number }) => [s.total_available_quantity, s.total_committed_quantity])).toEqual([[5, 0], [3, 2]]);

  // A new price and stock through partial edit; a full edit that drops size 41 removes that SKU.
  const reprice = { skus: skus.map((s) => ({ id: s.id, price: { amount: '79.00', currency: 'USD' }, inventory: [{ warehouse_id: warehouses[0]!.id, quantity: 9 }] })) };
  expect((await client.partialEditProduct(shop.cipher, productId, reprice)).env.code).toBe(0);
  const second = (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ sku_id: skus[0]!.id, quantity: 1 }] })).env.data;
  expect((await client.getOrders(shop.cipher, [second.order_id])).env.data.orders[0].line_items[0].sale_price).toBe('79.00');
  const edited = await client.editProduct(shop.cipher, productId, {
    title: 'Trail Runner 2 (size 42)',
    description: '<p>A light shoe.</p>',
    category_id: '601226',
    main_images: [{ uri: 'tos-us/trail-runner-2' }],
    package_weight: { value: '0.8', unit: 'KILOGRAM' },
    skus: [{ id: skus[1]!.id, seller_sku: 'TR2-42', inventory: [{ warehouse_id: warehouses[0]!.id, quantity: 4, backorder_quantity: 0, handling_time: 0 }] }],
  });
  expect(edited.env.data.skus.map((s: { id: string }) => s.id)).toEqual([skus[1]!.id]);
  const after = (await client.getProduct(shop.cipher, productId)).env.data;
  expect([after.title, after.skus.map((s: { id: string }) => s.id)]).toEqual(['Trail Runner 2 (size 42)', [skus[1]!.id]]);
  const gone = await control(m.url, 'POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ sku_id: skus[0]!.id, quantity: 1 }] });
  expect(gone.env.code).toBe(36009004);
  // Another shop does not sell it.
  expect((await client.getProduct(other.cipher, productId)).env.code).toBe(90000404);
});

it('publishes a global product to the US market, where its shops sell it', async () => {
  const created = await client.createGlobalProduct({
    title: 'Canvas tote',
    description: '<p>A tote.</p>',
    category_id: '600001',
    main_images: [{ uri: 'tos-us/tote' }],
    package_weight: { value: '0.3', unit: 'KILOGRAM' },
    skus: [{ seller_sku: 'TOTE-1', price: { amount: '15.00', currency: 'USD' } }],
  });
  const id = created.env.data.global_product_id as string;
  const published = (await client.publishGlobalProduct(id, [{ region: 'US' }])).env.data;
  expect(published.publish_result).toEqual([{ region: 'US', status: 'SUCCESS', fail_reasons: [] }]);
  const shop = (await client.getAuthorizedShops()).env.data.shops[0]!;
  const local = published.products.find((p: { shop_id: string }) => p.shop_id === shop.id);
  expect((await client.getProduct(shop.cipher, local.id)).env.data.product_status).toBe('ACTIVATE');
  const found = (await client.searchGlobalProducts(10, { seller_skus: ['TOTE-1'] })).env.data.global_products;
  expect(found.map((g: { id: string; status: string }) => [g.id, g.status])).toEqual([[id, 'PUBLISHED']]);
});

it('called every endpoint at the newest version the mock serves for it', () => {
  const endpoints = Object.values(API_TABLES).flat().map((e) => ({
    method: e.method,
    re: new RegExp(`^${e.path.replace('{version}', '(\\d{6})').replace(/\{[a-z_]+\}/g, '[^/]+')}$`),
    newest: Object.keys(e.versions).sort().at(-1),
  }));
  expect(client.calls.size).toBeGreaterThan(5);
  for (const call of client.calls) {
    const [method, path] = call.split(' ') as [string, string];
    const hit = endpoints.map((e) => ({ e, v: e.method === method ? e.re.exec(path)?.[1] : undefined })).find((x) => x.v !== undefined);
    expect(hit, `${call} is not an endpoint the mock serves`).toBeDefined();
    expect(`${call} at ${hit?.v}`).toBe(`${call} at ${hit?.e.newest}`);
  }
});
