/**
 * What the platform (the mock) believes, read through its control API (mocks/README.md):
 * the catalog, the ledger after a run, the inventory history and the call statistics.
 */
import { getJson } from './json-client.ts';

export interface MockCatalog {
  seed: string;
  shops: { id: string; name: string; region: string; cipher: string }[];
  warehouses: { id: string; name: string; region_code: string }[];
  products: { id: string; title: string; sku_ids: string[] }[];
  skus: { id: string; seller_sku: string; product_id: string }[];
  shipping_providers: { id: string; name: string }[];
}

export interface MockLedger {
  at: number;
  orders: {
    id: string;
    shop_id: string;
    status: string;
    buyer_region: string;
    created_at: number;
    updated_at: number;
    /** The integration's first order-detail call for it; null until then. */
    first_read_at: number | null;
    line_items: { id: string; sku_id: string; seller_sku: string; quantity: number; commits: { warehouse_id: string; quantity: number }[] }[];
    package_ids: string[];
  }[];
  packages: {
    id: string;
    order_id: string;
    shop_id: string;
    status: string;
    tracking_number: string | null;
    shipping_provider_id: string | null;
    shipped_at: number | null;
  }[];
  inventory: { shop_id: string; sku_id: string; seller_sku: string; warehouse_id: string; available: number; committed: number }[];
  /** Buyers' cancellations and returns (absent from a mock older than the reverse flows). */
  cancellations?: { id: string; order_id: string; role: string; status: string }[];
  returns?: { id: string; order_id: string; type: string; status: string }[];
  duplicate_shipments: number;
}

export type HistorySource = 'push' | 'set' | 'order' | 'release';

export interface MockHistory {
  items: {
    shop_id: string;
    sku_id: string;
    seller_sku: string;
    warehouse_id: string;
    /** [time ms, quantity, what changed it] */
    entries: [number, number, HistorySource][];
  }[];
}

export interface EndpointStats {
  calls: number;
  by_code: Record<string, number>;
  partial: number;
  latency: string;
  p50_ms: number;
  p99_ms: number;
}

/** One route key's limit per shop and each shop's closed seconds by their count of calls (`{"38": 4}`: four seconds of 38 calls). */
export interface CallsPerSecondStats {
  qps: number;
  burst: number;
  shops: Record<string, Record<string, number>>;
}

export interface MockStats {
  endpoints: Record<string, EndpointStats>;
  orders: { accepted: number; refused_sold_out: number };
  duplicate_shipments: number;
  webhooks: { ack: string; outcomes: Record<string, number>; pending: number };
  faults: Record<string, number>;
  /**
   * 429s of the rate limit and the calls made inside their Retry-After, by route key, and each
   * shop's calls per second. Absent from a mock older than its Retry-After watch;
   * `calls_per_second` absent from one older than that count.
   */
  rate_limit?: { throttled: number; early_calls: Record<string, number>; calls_per_second?: Record<string, CallsPerSecondStats> };
  pending_waits: number;
}

/** The control API answers in TikTok's envelope, like the rest of the mock. */
async function data<T>(url: string, timeoutMs?: number): Promise<T> {
  const body = await getJson<{ code: number; message: string; data: T }>(url, timeoutMs);
  if (body.code !== 0) throw new Error(`GET ${url}: code ${body.code} ${body.message}`);
  return body.data;
}

export class PlatformView {
  constructor(readonly url: string) {}

  catalog(): Promise<MockCatalog> {
    return data<MockCatalog>(`${this.url}/__mock/catalog`);
  }
  ledger(): Promise<MockLedger> {
    return data<MockLedger>(`${this.url}/__mock/ledger`, 120_000);
  }
  history(since = 0): Promise<MockHistory> {
    return data<MockHistory>(`${this.url}/__mock/inventory/history?since=${since}`, 120_000);
  }
  stats(): Promise<MockStats> {
    return data<MockStats>(`${this.url}/__mock/stats`);
  }
}
