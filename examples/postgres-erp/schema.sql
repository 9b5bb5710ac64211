-- The example ERP's database: shaped like a warehouse system, not like peakday's contract.
-- Sites have the ERP's own codes (mapped to the platform's warehouses), stock is on hand and
-- allocated per item and site, orders go through states NEW -> ALLOC | BACK -> SHIP | CANC.
-- There is no log of stock changes: only a version per row that moves when a quantity does.

CREATE SEQUENCE change_counter;

CREATE TABLE sites (
  site_code    text PRIMARY KEY,
  warehouse_id text NOT NULL UNIQUE,   -- the platform's warehouse
  region       text NOT NULL
);

CREATE TABLE items (
  item_code   text PRIMARY KEY,        -- = the platform's seller_sku
  product_ref text NOT NULL,           -- the platform's product id
  sku_ref     text NOT NULL            -- the platform's sku id
);

CREATE TABLE stock (
  item_code      text NOT NULL REFERENCES items,
  site_code      text NOT NULL REFERENCES sites,
  qty_on_hand    integer NOT NULL CHECK (qty_on_hand >= 0),
  qty_allocated  integer NOT NULL DEFAULT 0 CHECK (qty_allocated >= 0),
  row_version    bigint NOT NULL DEFAULT nextval('change_counter'),
  pushed_version bigint NOT NULL DEFAULT 0,  -- the connector's mark: row_version it last pushed
  PRIMARY KEY (item_code, site_code)
);

CREATE TABLE sales_orders (
  order_ref    text PRIMARY KEY,       -- the platform's order id
  shop         text NOT NULL,
  state        text NOT NULL CHECK (state IN ('NEW', 'ALLOC', 'BACK', 'SHIP', 'CANC')),
  buyer_region text,
  received_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  allocated_at timestamptz,
  cancelled_at timestamptz,
  row_version  bigint NOT NULL DEFAULT nextval('change_counter')
);

CREATE TABLE sales_order_lines (
  order_ref text NOT NULL REFERENCES sales_orders,
  line_no   integer NOT NULL,
  item_code text NOT NULL,
  qty       integer NOT NULL CHECK (qty > 0),
  site_code text,                      -- set when allocated
  PRIMARY KEY (order_ref, line_no)
);

CREATE TABLE shipments (
  order_ref   text PRIMARY KEY REFERENCES sales_orders,
  carrier     text NOT NULL,
  tracking_no text NOT NULL,
  shipped_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  synced_at   timestamptz               -- when the platform acknowledged it
);

-- A version moves only when something a reader cares about moves (the connector's push mark
-- does not move it).
CREATE FUNCTION stock_version() RETURNS trigger AS $$
BEGIN
  IF NEW.qty_on_hand IS DISTINCT FROM OLD.qty_on_hand OR NEW.qty_allocated IS DISTINCT FROM OLD.qty_allocated THEN
    NEW.row_version := nextval('change_counter');
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER stock_version BEFORE UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION stock_version();

CREATE FUNCTION order_version() RETURNS trigger AS $$
BEGIN
  NEW.row_version := nextval('change_counter');
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER order_version BEFORE UPDATE ON sales_orders FOR EACH ROW EXECUTE FUNCTION order_version();

CREATE INDEX stock_dirty ON stock (item_code) WHERE row_version <> pushed_version;
CREATE INDEX orders_version ON sales_orders (row_version);
CREATE INDEX orders_backordered ON sales_orders (received_at) WHERE state = 'BACK';
