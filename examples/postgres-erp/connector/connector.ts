/**
 * The example's integration: a small connector process between the ERP's PostgreSQL and the
 * platform, as a seller would run one. It maps the platform's catalog into the ERP (sites for
 * warehouses, items for SKUs), subscribes to order webhooks (a webhook is a hint: it wakes the
 * order search at once; the search every `ORDER_POLL_MS` finds what webhooks miss), pushes
 * stock that moved, and syncs shipments. It reuses the reference stack's TikTok client
 * (signing, rate limits, backoff) and catalog mapping.
 *
 * Env: ERP_DATABASE_URL, TIKTOK_URL, PEAKDAY_APP_KEY, PEAKDAY_APP_SECRET, PEAKDAY_ACCESS_TOKEN.
 * Prints one line `{"ready":true,"url":<webhook url>}` once mapped; SIGTERM stops it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { signaturesEqual, signWebhook } from '../../../lib/tiktok/signature.ts';
import { stopWhenParentDies } from '../../../lib/process/parent-watch.ts';
import { mapCatalog, subscribeWebhook } from '../../../stack/tiktok/catalog-mapper.ts';
import { fixedToken, TikTokClient } from '../../../stack/tiktok/client.ts';
import { pushInventory } from './inventory-push.ts';
import { OrderIntake } from './order-intake.ts';
import { syncShipments } from './shipment-sync.ts';
import { every } from './every.ts';

const ORDER_POLL_MS = 250;

function need(k: string): string {
  const v = process.env[k];
  if (!v) throw new Error(`set ${k}`);
  return v;
}

async function main(): Promise<void> {
  const log = (l: string) => process.stderr.write(`connector: ${l}\n`);
  const appKey = need('PEAKDAY_APP_KEY');
  const appSecret = need('PEAKDAY_APP_SECRET');
  const db = new pg.Pool({ connectionString: need('ERP_DATABASE_URL'), max: 16 });
  const client = new TikTokClient({
    baseUrl: need('TIKTOK_URL'), appKey, appSecret,
    timeoutMs: 5000, connections: 32, rateLimit: { qps: 45, burst: 20, perEndpoint: {} },
    maxThrottleRetries: 8, maxRetries: 3, callDeadlineMs: 30_000, backoffBaseMs: 100, backoffCapMs: 5000,
  }, fixedToken(need('PEAKDAY_ACCESS_TOKEN')));
  const catalog = await mapCatalog(client);
  for (const [i, w] of catalog.warehouses.entries())
    await db.query('INSERT INTO sites (site_code, warehouse_id, region) VALUES ($1, $2, $3) ON CONFLICT (warehouse_id) DO NOTHING', [`DC-${i + 1}`, w.warehouse_id, w.region]);
  for (const s of catalog.skus) await db.query('INSERT INTO items (item_code, product_ref, sku_ref) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [s.sku, s.product_id, s.sku_id]);

  const intake = new OrderIntake(db, client, catalog.shops);
  const loops = [
    every(100, () => pushInventory(db, client, catalog, log), log),
    every(ORDER_POLL_MS, () => intake.pull(), log),
    every(1000, () => intake.retryBackorders(), log),
    every(250, () => syncShipments(db, client, catalog.shops, log), log),
  ];
  const webhooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const ok = signaturesEqual(signWebhook(appKey, appSecret, raw), req.headers.authorization);
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ code: ok ? 0 : 401 }));
      if (ok) loops[1]?.wake();
    });
  });
  await new Promise<void>((r) => webhooks.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(webhooks.address() as AddressInfo).port}`;
  for (const shop of catalog.shops) await subscribeWebhook(client, shop, url);
  process.stdout.write(JSON.stringify({ ready: true, url }) + '\n');

  stopWhenParentDies();
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()).once('SIGINT', () => resolve()));
  await Promise.all(loops.map((l) => l.stop()));
  webhooks.closeAllConnections();
  webhooks.close();
  await client.close();
  await db.end();
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`connector: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
