/**
 * Crash recovery: the stack runs as a child process; it is killed with SIGKILL in the middle of
 * a stream of stock writes, then restarted on the same database. Every write it acknowledged
 * is there, and the platform converges to it in every shop; an order and a shipment accepted
 * before the kill are not lost either. Also: the CLI's clean stop and its config errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../mocks/tiktok-shop/server.ts';
import { BIN, startChildStack, type ChildStack } from './fixtures/child.ts';
import { eventually, http } from './fixtures/pair.ts';

let mock: RunningMock | undefined;
let children: ChildStack[] = [];
let dir: string | undefined;

afterEach(async () => {
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  await Promise.all(children.map((c) => c.exited));
  children = [];
  await mock?.close();
  mock = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(db: string): Promise<ChildStack> {
  const c = await startChildStack(
    ['--port', '0', '--tiktok-url', mock!.url, '--db', db, '--app-key', mock!.appKey, '--poll-interval-ms', '500', '--log-level', 'warn', '--split-below', '0'],
    { PEAKDAY_APP_SECRET: mock!.appSecret, PEAKDAY_ACCESS_TOKEN: mock!.accessToken },
  );
  children.push(c);
  return c;
}

describe('crash recovery', () => {
  it('kill -9 during writes loses no acknowledged write, order or shipment; after restart everything converges', async () => {
    mock = await startMock({ port: 0, seed: 'crash', skus: 12, webhook: { retryScheduleMs: [200, 400, 800] } });
    dir = mkdtempSync(join(tmpdir(), 'peakday-crash-'));
    const db = join(dir, 'stack.db');
    const cat = (await http(mock.url, 'GET', '/__mock/catalog')).body.data;
    const wh = cat.warehouses[0].id as string;
    const skus = (cat.skus as { id: string; seller_sku: string }[]).slice(0, 6);

    let stack = await start(db);
    // An order and its shipment, accepted before the crash.
    await http(stack.url, 'PUT', `/stock/${skus[0]!.seller_sku}/${wh}`, { on_hand: 1000 });
    await eventually('platform stock', async () => (await http(mock!.url, 'GET', `/__mock/wait?shop_id=${cat.shops[0].id}&sku_id=${skus[0]!.id}&warehouse_id=${wh}&quantity=1000&timeout_ms=1000`)).body.data.reached);
    const placed = (await http(mock.url, 'POST', '/__mock/orders', { shop_id: cat.shops[0].id, line_items: [{ sku_id: skus[0]!.id, quantity: 1 }] })).body.data;
    await eventually('allocated', async () => (await http(stack.url, 'GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
    const carrier = cat.shipping_providers[0].id as string;
    expect((await http(stack.url, 'POST', `/orders/${placed.order_id}/shipment`, { carrier, tracking_number: 'CRASH-1' })).status).toBe(202);
    stack.child.kill('SIGKILL'); // before the shipment outbox may have run
    await stack.exited;

    stack = await start(db);
    // A stream of +1 adjustments on several keys; kill -9 while requests are in flight.
    const acked = new Map<string, number>();
    const sent = new Map<string, number>();
    let stop = false;
    const url = stack.url;
    const writers = skus.slice(1).map(async (s) => {
      for (let i = 0; i < 2000 && !stop; i++) {
        sent.set(s.seller_sku, (sent.get(s.seller_sku) ?? 0) + 1);
        try {
          const r = await http(url, 'POST', `/stock/${s.seller_sku}/${wh}/adjust`, { delta: 1 });
          if (r.status === 200) acked.set(s.seller_sku, (acked.get(s.seller_sku) ?? 0) + 1);
        } catch {
          return; // connection reset by the kill
        }
      }
    });
    await new Promise((r) => setTimeout(r, 400));
    stack.child.kill('SIGKILL');
    await stack.exited;
    stop = true;
    await Promise.all(writers);
    expect([...acked.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10);

    stack = await start(db);
    for (const s of skus.slice(1)) {
      const r = await http(stack.url, 'GET', `/stock/${s.seller_sku}`);
      const onHand = r.body.warehouses.find((w: { warehouse_id: string }) => w.warehouse_id === wh).on_hand as number;
      expect(onHand, s.seller_sku).toBeGreaterThanOrEqual(acked.get(s.seller_sku) ?? 0);
      expect(onHand, s.seller_sku).toBeLessThanOrEqual(sent.get(s.seller_sku) ?? 0);
      for (const shop of cat.shops as { id: string }[]) {
        const w = await http(mock.url, 'GET', `/__mock/wait?shop_id=${shop.id}&sku_id=${s.id}&warehouse_id=${wh}&quantity=${onHand}&timeout_ms=10000`);
        expect(w.body.data.reached, `${shop.id} ${s.seller_sku} -> ${onHand}`).toBe(true);
      }
    }
    expect((await http(stack.url, 'GET', `/orders/${placed.order_id}`)).body.status).toBe('shipped');
    const w = await http(mock.url, 'GET', `/__mock/wait?order_id=${placed.order_id}&status=AWAITING_COLLECTION&timeout_ms=10000`);
    expect(w.body.data.reached).toBe(true);
    const ledger = (await http(mock.url, 'GET', '/__mock/ledger')).body.data;
    expect((ledger.packages as { order_id: string; tracking_number?: string }[]).filter((k) => k.order_id === placed.order_id && k.tracking_number).map((k) => k.tracking_number)).toEqual(['CRASH-1']);

    // Clean stop: SIGTERM -> exit 0; the secrets never reached the log.
    stack.child.kill('SIGTERM');
    expect(await stack.exited).toBe(0);
    for (const c of children) {
      expect(c.stderr()).not.toContain(mock.appSecret);
      expect(c.stderr()).not.toContain(mock.accessToken);
    }
  }, 60_000);

  it('invalid configuration: exit 2 listing every problem', () => {
    const r = spawnSync(process.execPath, [BIN, 'stack', '--port', 'x', '--bogus', '--tiktok-url', 'https://open-api.tiktokglobalshop.com'], {
      env: { ...process.env, PEAKDAY_APP_SECRET: '', PEAKDAY_ACCESS_TOKEN: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(2);
    for (const m of ['--port needs a number', 'unknown flag --bogus', '--app-key is required', '--app-secret is required', '--access-token is required', 'refusing open-api.tiktokglobalshop.com'])
      expect(r.stderr).toContain(m);
  });
});
