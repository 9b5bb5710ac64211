/**
 * A TikTok Shop Open API client written only from TikTok's partner documentation, with its own
 * signing code (the doc's six steps), not the shared lib/tiktok/signature.ts: if the mock and the
 * shared signer ever agreed on a mistake, this client would catch it. It calls each endpoint at
 * its newest published version, as a client written today would. Only the base URL says "mock";
 * the mock's code never imports it.
 */
import { createHmac } from 'node:crypto';

export interface DocClientConfig {
  baseUrl: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  /** Seconds; a test may move the client's clock. */
  now?: () => number;
}

export interface Envelope<T = any> {
  code: number;
  message: string;
  request_id: string;
  data: T;
}

/** Doc steps 1-6: sorted params except sign/access_token, key+value, path prefix, body, wrap, HMAC. */
export function docSign(path: string, params: Record<string, string>, body: string, secret: string): string {
  const keys = Object.keys(params).filter((k) => k !== 'sign' && k !== 'access_token').sort();
  let s = path;
  for (const k of keys) s += k + params[k];
  s += body;
  const wrapped = secret + s + secret;
  return createHmac('sha256', secret).update(wrapped).digest('hex');
}

export class DocClient {
  /** `METHOD /path` of every call made, for the test that checks versions. */
  readonly calls = new Set<string>();
  constructor(readonly cfg: DocClientConfig) {}

  async call<T = any>(method: string, path: string, opts: { shopCipher?: string; query?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; env: Envelope<T> }> {
    const now = this.cfg.now ?? (() => Math.floor(Date.now() / 1000));
    const params: Record<string, string> = { app_key: this.cfg.appKey, timestamp: String(now()), ...opts.query };
    if (opts.shopCipher !== undefined) params.shop_cipher = opts.shopCipher;
    const body = opts.body === undefined ? '' : JSON.stringify(opts.body);
    params.sign = docSign(path, params, body, this.cfg.appSecret);
    const qs = Object.entries(params)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    const headers: Record<string, string> = { 'x-tts-access-token': this.cfg.accessToken };
    if (body) headers['content-type'] = 'application/json';
    this.calls.add(`${method} ${path}`);
    const res = await fetch(`${this.cfg.baseUrl}${path}?${qs}`, { method, headers, body: body || undefined });
    return { status: res.status, env: (await res.json()) as Envelope<T> };
  }

  /** The token endpoints (auth host, no version): unsigned, the app secret in the query. */
  async token<T = any>(kind: 'get' | 'refresh', credential: string): Promise<Envelope<T>> {
    const q: Record<string, string> = kind === 'get' ? { auth_code: credential, grant_type: 'authorized_code' } : { refresh_token: credential, grant_type: 'refresh_token' };
    const qs = new URLSearchParams({ app_key: this.cfg.appKey, app_secret: this.cfg.appSecret, ...q });
    return (await (await fetch(`${this.cfg.baseUrl}/api/v2/token/${kind}?${qs}`)).json()) as Envelope<T>;
  }

  getAuthorizedShops() {
    return this.call<{ shops: { id: string; name: string; region: string; cipher: string }[] }>('GET', '/authorization/202309/shops');
  }
  deauthorizeShop(cipher: string) {
    return this.call('DELETE', '/authorization/202403/shops', { shopCipher: cipher });
  }
  updateInventory(cipher: string, productId: string, skus: { id: string; inventory: { warehouse_id?: string; quantity: number }[] }[]) {
    return this.call('POST', `/product/202309/products/${productId}/inventory/update`, { shopCipher: cipher, body: { skus } });
  }
  searchInventory(cipher: string, body: { product_ids?: string[]; sku_ids?: string[] }) {
    return this.call('POST', '/product/202309/inventory/search', { shopCipher: cipher, body });
  }
  searchProducts(cipher: string, pageSize: number, pageToken?: string, body: unknown = {}) {
    const query: Record<string, string> = { page_size: String(pageSize) };
    if (pageToken) query.page_token = pageToken;
    return this.call('POST', '/product/202502/products/search', { shopCipher: cipher, query, body });
  }
  getProduct(cipher: string, id: string) {
    return this.call('GET', `/product/202309/products/${id}`, { shopCipher: cipher });
  }
  searchOrders(cipher: string, query: Record<string, string>, body: unknown = {}) {
    return this.call('POST', '/order/202309/orders/search', { shopCipher: cipher, query, body });
  }
  getOrders(cipher: string, ids: string[]) {
    return this.call('GET', '/order/202507/orders', { shopCipher: cipher, query: { ids: ids.join(',') } });
  }
  markShipped(cipher: string, orderId: string, body: { tracking_number: string; shipping_provider_id: string; order_line_item_ids?: string[] }) {
    return this.call('POST', `/fulfillment/202309/orders/${orderId}/packages`, { shopCipher: cipher, body });
  }
  getPackage(cipher: string, packageId: string) {
    return this.call('GET', `/fulfillment/202309/packages/${packageId}`, { shopCipher: cipher });
  }
  shipPackage(cipher: string, packageId: string, body: { handover_method?: string; self_shipment?: { tracking_number: string; shipping_provider_id: string } } = {}) {
    return this.call('POST', `/fulfillment/202309/packages/${packageId}/ship`, { shopCipher: cipher, body });
  }
  getTracking(cipher: string, orderId: string) {
    return this.call<{ tracking: { description: string; update_time_millis: number }[] }>('GET', `/fulfillment/202309/orders/${orderId}/tracking`, { shopCipher: cipher });
  }
  getSplitAttributes(cipher: string, orderIds: string[]) {
    return this.call('GET', '/fulfillment/202309/orders/split_attributes', { shopCipher: cipher, query: { order_ids: orderIds.join(',') } });
  }
  splitOrder(cipher: string, orderId: string, groups: { id: string; order_line_item_ids: string[] }[]) {
    return this.call('POST', `/fulfillment/202309/orders/${orderId}/split`, { shopCipher: cipher, body: { splittable_groups: groups } });
  }
  searchCombinablePackages(cipher: string, pageSize: number) {
    return this.call('GET', '/fulfillment/202309/combinable_packages/search', { shopCipher: cipher, query: { page_size: String(pageSize) } });
  }
  combinePackages(cipher: string, groups: { id: string; order_ids: string[] }[]) {
    return this.call('POST', '/fulfillment/202309/packages/combine', { shopCipher: cipher, body: { combinable_packages: groups } });
  }
  uncombinePackage(cipher: string, packageId: string, orderIds: string[]) {
    return this.call('POST', `/fulfillment/202309/packages/${packageId}/uncombine`, { shopCipher: cipher, body: { order_ids: orderIds } });
  }
  /** Create Packages at 202512: ship_type "1" (order_id), "2" (order_line_item) or "3" (order_list_ids). */
  createPackages(cipher: string, body: Record<string, unknown>) {
    return this.call('POST', '/fulfillment/202512/packages', { shopCipher: cipher, body });
  }
  confirmPackageShipment(cipher: string, body: { warehouse_provider_id?: string; packages: Record<string, unknown>[] }) {
    return this.call('POST', '/supply_chain/202309/packages/sync', { shopCipher: cipher, body });
  }
  getWarehouses(cipher: string) {
    return this.call('GET', '/logistics/202309/warehouses', { shopCipher: cipher });
  }
  getShippingProviders(cipher: string, deliveryOptionId: string) {
    return this.call('GET', `/logistics/202309/delivery_options/${deliveryOptionId}/shipping_providers`, { shopCipher: cipher });
  }
  setWebhook(cipher: string, address: string, eventType = 'ORDER_STATUS_CHANGE') {
    return this.call('PUT', '/event/202309/webhooks', { shopCipher: cipher, body: { address, event_type: eventType } });
  }
  getPrerequisites(cipher: string) {
    return this.call<{ check_results: { check_item: string; is_failed: boolean; fail_reasons: string[] }[] }>('GET', '/product/202312/prerequisites', { shopCipher: cipher });
  }
  createProduct(cipher: string, body: unknown) {
    return this.call('POST', '/product/202309/products', { shopCipher: cipher, body });
  }
  editProduct(cipher: string, productId: string, body: unknown) {
    return this.call('PUT', `/product/202509/products/${productId}`, { shopCipher: cipher, body });
  }
  partialEditProduct(cipher: string, productId: string, body: unknown) {
    return this.call('POST', `/product/202509/products/${productId}/partial_edit`, { shopCipher: cipher, body });
  }
  createGlobalProduct(body: unknown) {
    return this.call('POST', '/product/202309/global_products', { body });
  }
  publishGlobalProduct(globalProductId: string, publishTarget: unknown[]) {
    return this.call('POST', `/product/202309/global_products/${globalProductId}/publish`, { body: { publish_target: publishTarget } });
  }
  searchGlobalProducts(pageSize: number, body: unknown = {}) {
    return this.call('POST', '/product/202312/global_products/search', { query: { page_size: String(pageSize) }, body });
  }
}

/** The control API (/__mock/), for tests: JSON in, envelope out. */
export async function control<T = any>(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; env: Envelope<T> }> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, env: (await res.json()) as Envelope<T> };
}
