/**
 * certify — the three classic integration checks, each asserted once, in order, as a
 * certification a person can read:
 *   1. change stock in the ERP, and every shop on the platform shows it;
 *   2. place an order on the platform, and the ERP has it allocated;
 *   3. mark it shipped in the ERP, and the platform shows it shipped with that tracking number.
 * Each waits a bounded time (CHECK_TIMEOUT_S, default 10 s) using the mock's wait primitive.
 * Steps are numbered in the check names rather than wrapped in group(): k6's group() does not
 * support async callbacks, and this script must stay valid k6.
 *
 * With PROBE_S > 0 (`peakday run certify --repeat` sets it), a steady probe runs beside the
 * checks for PROBE_S seconds: PROBE_RATE iterations/s, each a stock write and a stock read
 * through the ERP API. The writes go through the integration to the platform, so the ERP API's
 * latency, the platform calls' success and the inventory sync lag are measured at a steady pace
 * between campaigns. The probe never touches the SKU the checks watch, so neither disturbs the
 * other; with a one-SKU catalog it only reads.
 *
 * Env: MOCK_URL, STACK_URL, APP_KEY, APP_SECRET, ACCESS_TOKEN, CHECK_TIMEOUT_S, PROBE_S, PROBE_RATE.
 */
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import type { ScenarioCatalog } from './lib/catalog.ts';
import { setupFromEnv, steadyArrivals } from './lib/scenario-parts.ts';
import { adjustStock, readStock } from './lib/erp.ts';
import { envNumber, envString } from './lib/env.ts';
import { trackingFor, type SetupData } from './lib/traffic.ts';
import { tiktokGet, type Credentials } from './lib/tiktok-api.ts';

const TIMEOUT_MS = envNumber('CHECK_TIMEOUT_S', 10, 1) * 1000;
const JSON_HEADERS = { 'content-type': 'application/json' };
const PROBE_S = Math.round(envNumber('PROBE_S', 0, 0));
const PROBE_RATE = envNumber('PROBE_RATE', 2, 1);

export const options: Options = {
  setupTimeout: '60s',
  scenarios: {
    certify: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '2m' },
    ...(PROBE_S > 0 ? { probe: steadyArrivals('probe', PROBE_RATE, PROBE_S) } : {}),
  },
  thresholds: { checks: ['rate==1'] },
};

export const setup = setupFromEnv;

async function waitOnMock(mockUrl: string, query: string): Promise<boolean> {
  const res = await http.get(`${mockUrl}/__mock/wait?${query}&timeout_ms=${TIMEOUT_MS}`, {
    timeout: `${TIMEOUT_MS + 5000}ms`,
    tags: { name: 'mock wait' },
  });
  return res.status === 200 && (res.json('data.reached') as unknown as boolean) === true;
}

export default async function (data: SetupData): Promise<void> {
  const sku = data.catalog.skus[0];
  const wh = data.catalog.warehouses[0];
  if (!sku || !wh) throw new Error('the catalog has no SKU or no warehouse');
  const onHand = 1000 + Math.floor(Math.random() * 9000);
  let orderId = '';

  // 1. stock set in the ERP reaches every shop
  {
    const res = await http.put(
      `${data.stackUrl}/stock/${encodeURIComponent(sku.seller_sku)}/${wh.id}`,
      JSON.stringify({ on_hand: onHand }),
      { headers: { ...JSON_HEADERS, 'idempotency-key': `certify-stock-${onHand}` } },
    );
    check(res, { '1. the ERP accepted the stock write': (r) => r.status === 200 });
    const available = res.status === 200 ? (res.json('available') as unknown as number) : onHand;
    for (const shop of data.catalog.shops) {
      const ok = await waitOnMock(
        data.mockUrl,
        `shop_id=${shop.id}&sku_id=${sku.id}&warehouse_id=${wh.id}&quantity=${available}`,
      );
      check(ok, { [`1. shop ${shop.id} shows ${available} available`]: (v) => v });
    }
  }

  // 2. an order placed on the platform is allocated in the ERP
  {
    const shop = data.catalog.shops[0];
    if (!shop) throw new Error('the catalog has no shop');
    const res = await http.post(
      `${data.mockUrl}/__mock/orders`,
      JSON.stringify({ shop_id: shop.id, buyer_region: wh.region, line_items: [{ sku_id: sku.id, quantity: 1 }] }),
      { headers: JSON_HEADERS },
    );
    const accepted = res.status === 200 && (res.json('data.accepted') as unknown as boolean) === true;
    check(accepted, { '2. the platform accepted the order': (v) => v });
    if (!accepted) return;
    orderId = res.json('data.order_id') as unknown as string;
    let status = '';
    for (const deadline = Date.now() + TIMEOUT_MS; Date.now() < deadline; ) {
      const o = await http.get(`${data.stackUrl}/orders/${orderId}`, { tags: { name: 'erp order' } });
      status = o.status === 200 ? (o.json('status') as unknown as string) : '';
      if (status === 'allocated') break;
      await sleep(0.2);
    }
    check(status, { '2. the ERP allocated the order': (s) => s === 'allocated' });
  }

  // 3. a shipment marked in the ERP reaches the platform with its tracking number
  {
    if (!orderId) return;
    const tracking = trackingFor(orderId);
    const res = await http.post(
      `${data.stackUrl}/orders/${orderId}/shipment`,
      JSON.stringify({ carrier: data.catalog.shippingProviderId, tracking_number: tracking }),
      { headers: JSON_HEADERS },
    );
    check(res, { '3. the ERP accepted the shipment': (r) => r.status === 202 || r.status === 200 });
    const shipped = await waitOnMock(data.mockUrl, `order_id=${orderId}&status=AWAITING_COLLECTION`);
    check(shipped, { '3. the platform shows the order shipped': (v) => v });
    const cred: Credentials = {
      baseUrl: data.mockUrl,
      appKey: envString('APP_KEY'),
      appSecret: envString('APP_SECRET'),
      accessToken: envString('ACCESS_TOKEN'),
    };
    const shop = data.catalog.shops[0] as ScenarioCatalog['shops'][number];
    const detail = await tiktokGet(cred, '/order/202309/orders', { ids: orderId, shop_cipher: shop.cipher });
    const order = (detail.body.data as { orders?: { tracking_number?: string; packages?: unknown[] }[] } | undefined)
      ?.orders?.[0];
    check(order, { [`3. the platform's order carries tracking ${tracking}`]: (o) => o?.tracking_number === tracking });
  }
}

/** One iteration of the steady probe: a stock write on a SKU the checks do not watch, and a read. */
export async function probe(data: SetupData): Promise<void> {
  const skus = data.catalog.skus;
  const sku = skus[skus.length > 1 ? 1 + Math.floor(Math.random() * (skus.length - 1)) : 0];
  const wh = data.catalog.warehouses[Math.floor(Math.random() * data.catalog.warehouses.length)];
  if (!sku || !wh) throw new Error('the catalog has no SKU or no warehouse');
  if (skus.length > 1) {
    const key = `probe-${exec.vu.idInTest}-${exec.vu.iterationInInstance}-${Date.now()}`;
    const res = await adjustStock(data.stackUrl, sku.seller_sku, wh.id, 1, key);
    check(res, { 'probe: the ERP accepted a stock write': (r) => r.status === 200 });
  }
  const read = await readStock(data.stackUrl, sku.seller_sku);
  check(read, { 'probe: the ERP answered a stock read': (r) => r.status === 200 });
}
