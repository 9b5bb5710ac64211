import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ErpView } from '../erp-view.ts';

/** An ERP export in change order: o1 changes (allocated -> shipped) while the harness reads it. */
const PAGES: Record<string, { orders: { order_id: string; seq: number; status: string }[]; next_after_seq: number }> = {
  '0': { orders: [{ order_id: 'o1', seq: 1, status: 'allocated' }, { order_id: 'o2', seq: 2, status: 'allocated' }], next_after_seq: 2 },
  '2': { orders: [{ order_id: 'o1', seq: 3, status: 'shipped' }], next_after_seq: 3 },
  '3': { orders: [], next_after_seq: 3 },
};

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

async function exportServer(): Promise<string> {
  server = createServer((req, res) => {
    const after = new URL(req.url ?? '/', 'http://x').searchParams.get('after_seq') ?? '';
    const page = PAGES[after];
    res.writeHead(page ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(page ?? { error: 'no such page' }));
  });
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('ErpView.orders', () => {
  it('lists an order that changed during the export once, in its later state', async () => {
    const orders = await new ErpView(await exportServer()).orders();
    expect(orders.map((o) => [o.order_id, o.status]).sort()).toEqual([
      ['o1', 'shipped'],
      ['o2', 'allocated'],
    ]);
  });
});
