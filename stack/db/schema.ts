/**
 * The stack's SQLite schema. One file, WAL. Every table that holds an accepted write is durable
 * before the HTTP answer goes out (see group-commit.ts); outbox tables make pushes to the
 * platform survive a crash: a row is deleted only after the platform acknowledged it.
 */

export const SCHEMA_VERSION = 1;

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

-- The catalog as mapped from the platform at start (refreshed every start).
CREATE TABLE IF NOT EXISTS shops (shop_id TEXT PRIMARY KEY, cipher TEXT NOT NULL, region TEXT NOT NULL, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS warehouses (warehouse_id TEXT PRIMARY KEY, region TEXT NOT NULL, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS skus (
  sku TEXT PRIMARY KEY, product_id TEXT NOT NULL, sku_id TEXT NOT NULL, safety_stock INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS skus_by_product ON skus(product_id);
-- Which shop lists which SKU: a product created in one shop, or deleted in one, is not in all.
CREATE TABLE IF NOT EXISTS listings (shop_id TEXT NOT NULL, sku TEXT NOT NULL, PRIMARY KEY (shop_id, sku)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS skus_by_id ON skus(sku_id);
-- Shops the platform no longer authorizes this app for (webhook 6, or a refusal confirmed by the
-- authorized-shops list): the stack stops calling them; their queued work stays recorded here
-- until the shop is authorized again (domain/shop-access.ts).
CREATE TABLE IF NOT EXISTS deauthorized_shops (shop_id TEXT PRIMARY KEY, reason TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
-- The platform's shipping providers: the carriers a shipment may name.
CREATE TABLE IF NOT EXISTS shipping_providers (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;

-- Physical stock. available = on_hand - reserved (floored at 0 when pushed).
CREATE TABLE IF NOT EXISTS stock (
  sku TEXT NOT NULL, warehouse_id TEXT NOT NULL,
  on_hand INTEGER NOT NULL DEFAULT 0, reserved INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (sku, warehouse_id)
) WITHOUT ROWID;

-- The availability change log: one row per change of a sku x warehouse's available.
CREATE TABLE IF NOT EXISTS stock_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, sku TEXT NOT NULL, warehouse_id TEXT NOT NULL,
  available INTEGER NOT NULL, at INTEGER NOT NULL
);

-- Inventory outbox: dirty marks per shop x sku x warehouse; version = the stock_changes seq
-- that made it dirty. Cleared only for the version the platform acknowledged.
CREATE TABLE IF NOT EXISTS inventory_outbox (
  shop_id TEXT NOT NULL, sku TEXT NOT NULL, warehouse_id TEXT NOT NULL,
  version INTEGER NOT NULL, dirty_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
  not_before INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (shop_id, sku, warehouse_id)
) WITHOUT ROWID;

-- What the platform last acknowledged per shop x sku x warehouse.
CREATE TABLE IF NOT EXISTS pushed (
  shop_id TEXT NOT NULL, sku TEXT NOT NULL, warehouse_id TEXT NOT NULL,
  quantity INTEGER NOT NULL, version INTEGER NOT NULL, pushed_at INTEGER NOT NULL,
  PRIMARY KEY (sku, shop_id, warehouse_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS idempotency (
  key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_by_time ON idempotency(at);

-- Webhooks accepted (deduped on tts_notification_id).
CREATE TABLE IF NOT EXISTS webhook_inbox (
  notification_id TEXT PRIMARY KEY, shop_id TEXT NOT NULL, order_id TEXT NOT NULL, status TEXT NOT NULL,
  received_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS webhook_inbox_by_time ON webhook_inbox(received_at);

-- Orders waiting for a detail fetch (deduped on order id).
CREATE TABLE IF NOT EXISTS order_queue (
  order_id TEXT PRIMARY KEY, shop_id TEXT NOT NULL, hint TEXT NOT NULL, received_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, not_before INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS order_queue_by_shop ON order_queue(shop_id, received_at);

CREATE TABLE IF NOT EXISTS orders (
  order_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, shop_id TEXT NOT NULL, status TEXT NOT NULL,
  region TEXT NOT NULL, lines TEXT NOT NULL, allocation TEXT NOT NULL,
  received_at INTEGER NOT NULL, allocated_at INTEGER, shipped_at INTEGER, cancelled_at INTEGER,
  carrier TEXT, tracking_number TEXT, synced_at INTEGER
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS orders_by_seq ON orders(seq);
CREATE INDEX IF NOT EXISTS orders_by_status ON orders(status);

CREATE TABLE IF NOT EXISTS shipment_outbox (
  order_id TEXT PRIMARY KEY, shop_id TEXT NOT NULL, carrier TEXT NOT NULL, tracking_number TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, not_before INTEGER NOT NULL DEFAULT 0, last_error TEXT
) WITHOUT ROWID;

-- Shipments the platform refused for good (not retried): its code and message, shown on the
-- order until a corrected shipment replaces them.
CREATE TABLE IF NOT EXISTS shipment_failures (
  order_id TEXT PRIMARY KEY, code INTEGER NOT NULL, message TEXT NOT NULL, at INTEGER NOT NULL
) WITHOUT ROWID;

-- The access grants in use (tiktok/access-grant.ts), one per seller (app_key, then app_key#n for
-- the n-th further seller): renewed tokens survive a restart. origin =
-- a hash of the configured token pair the chain started from; other configured tokens replace it.
CREATE TABLE IF NOT EXISTS access_grant (
  app_key TEXT PRIMARY KEY, origin TEXT NOT NULL, access_token TEXT NOT NULL, access_expires_at INTEGER NOT NULL,
  refresh_token TEXT, refresh_expires_at INTEGER NOT NULL, renewed_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Buyer cancellation requests and returns waiting for the seller's decision (deduped on the
-- request's id; the desk reads each request's status from the platform before deciding).
CREATE TABLE IF NOT EXISTS aftersale_queue (
  request_id TEXT PRIMARY KEY, kind TEXT NOT NULL, shop_id TEXT NOT NULL, order_id TEXT NOT NULL,
  received_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, not_before INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Orders whose cancellation the stack is approving: not shippable from the moment it decides.
CREATE TABLE IF NOT EXISTS cancel_holds (order_id TEXT PRIMARY KEY, cancel_id TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;

-- Returned goods put back on hand, once per return: lines = [{warehouse_id, sku, quantity}].
CREATE TABLE IF NOT EXISTS restocks (
  return_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, lines TEXT NOT NULL, at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS restocks_by_order ON restocks(order_id);

CREATE TABLE IF NOT EXISTS alerts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, sku TEXT NOT NULL, available_total INTEGER NOT NULL,
  threshold INTEGER NOT NULL, at INTEGER NOT NULL
);
`;
