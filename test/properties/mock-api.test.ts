/**
 * Property: the mock platform answers every request — however mangled — with TikTok's
 * envelope `{code, message, request_id, data}`, never a 5xx unless a fault was injected, and a
 * refused request leaves the platform's ledger, inventory history, fault spec and rate limits
 * as they were.
 *   - TikTok API: valid signed requests, then one mutation of the query, body, path, method or
 *     headers (re-signed or not, so both the signature check and the handlers get exercised);
 *   - control API: bodies and queries mutated from valid ones;
 *   - with an error fault injected, every 5xx is the injected 36009003 and the fault stats
 *     count exactly those.
 * A real mock on 127.0.0.1 port 0.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../mocks/tiktok-shop/errors.ts';
import { startMock, type RunningMock } from '../../mocks/tiktok-shop/server.ts';
import { signRequest } from '../../lib/tiktok/signature.ts';
import { checkProperty, runs } from './fixtures/count-cases.ts';
import { describePath, mutateAt } from './fixtures/mutate-json.ts';

let m: RunningMock;
let cat: {
  shops: { id: string; cipher: string }[];
  warehouses: { id: string }[];
  products: { id: string; sku_ids: string[] }[];
  skus: { id: string; seller_sku: string }[];
  shipping_providers: { id: string }[];
};
let orderId = '';
let packageId = '';
const CODES = new Set<number>(Object.values(ERRORS).map((e) => e.code));

interface Reply {
  status: number;
  text: string;
  env: { code?: unknown; message?: unknown; request_id?: unknown; data?: unknown } | undefined;
}

async function call(method: string, path: string, opts: { query?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  const res = await fetch(`${m.url}${path}${opts.query ? `?${opts.query}` : ''}`, {
    method,
    headers: opts.headers ?? {},
    body: method === 'GET' || method === 'HEAD' ? undefined : opts.body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let env: Reply['env'];
  try {
    env = JSON.parse(text) as Reply['env'];
  } catch {
    env = undefined;
  }
  return { status: res.status, text, env };
}

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const r = await call(method, path, { body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (r.status !== 200 || r.env?.code !== 0) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.env.data;
}

/** Everything a refused request must leave alone. */
async function snapshot(): Promise<string> {
  // duplicate_shipments is an observation counter: a refused repeat shipment (90000409) is
  // counted there on purpose (mocks/README.md), so it is compared apart: +1 for a 90000409, +0 for any other refusal.
  const { at: _at, duplicate_shipments: _dup, ...ledger } = await control('GET', '/__mock/ledger');
  const history = await control('GET', '/__mock/inventory/history');
  const faults = (await control('GET', '/__mock/faults')).spec;
  const config = await control('GET', '/__mock/config');
  return JSON.stringify({ ledger, history, faults, config });
}

async function duplicateShipments(): Promise<number> {
  return (await control('GET', '/__mock/ledger')).duplicate_shipments as number;
}

function expectEnvelope(r: Reply, where: string): void {
  expect(r.env, `${where}: not JSON: ${r.text.slice(0, 200)}`).toBeTypeOf('object');
  const e = r.env!;
  expect(typeof e.code, where).toBe('number');
  expect(CODES.has(e.code as number), `${where}: code ${e.code} not in the catalogue`).toBe(true);
  expect(typeof e.message, where).toBe('string');
  expect((e.message as string).length, where).toBeGreaterThan(0);
  expect(typeof e.request_id, where).toBe('string');
  expect('data' in e, where).toBe(true);
}

beforeAll(async () => {
  m = await startMock({ port: 0, seed: 'prop-mock', shops: 2, skus: 8, rateLimit: { defaultQps: 1_000_000 } });
  cat = await control('GET', '/__mock/catalog');
  const shop = cat.shops[0]!.id;
  await control('PUT', '/__mock/inventory', { items: cat.skus.flatMap((s) => cat.warehouses.map((w) => ({ shop_id: shop, sku_id: s.id, warehouse_id: w.id, quantity: 50 }))) });
  const o = await control('POST', '/__mock/orders', { shop_id: shop, line_items: [{ sku_id: cat.skus[0]!.id, quantity: 1 }] });
  orderId = o.order_id;
  packageId = o.package_id;
});

afterAll(async () => {
  await m?.close();
});

// ---------------------------------------------------------------------------------------------
// TikTok API: valid signed templates, then one mutation.

interface ApiRequest {
  method: string;
  path: string;
  params: [string, string][];
  body: string | undefined;
  headers: Record<string, string>;
}

function template(i: number): ApiRequest {
  const shop = cat.shops[0]!;
  const product = cat.products[0]!;
  const base = (method: string, path: string, extra: [string, string][], body?: unknown, cipher = true): ApiRequest => ({
    method,
    path,
    params: [['app_key', m.appKey], ['timestamp', String(Math.floor(Date.now() / 1000))], ...(cipher ? [['shop_cipher', shop.cipher] as [string, string]] : []), ...extra],
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'x-tts-access-token': m.accessToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  });
  const all = [
    () => base('POST', `/product/202309/products/${product.id}/inventory/update`, [], { skus: [{ id: product.sku_ids[0]!, inventory: [{ warehouse_id: cat.warehouses[0]!.id, quantity: 7 }] }] }),
    () => base('POST', '/product/202309/inventory/search', [], { sku_ids: [cat.skus[0]!.id, cat.skus[1]!.id] }),
    () => base('POST', '/order/202309/orders/search', [['page_size', '10'], ['sort_field', 'create_time']], { order_status: 'AWAITING_SHIPMENT' }),
    () => base('GET', '/order/202309/orders', [['ids', orderId]]),
    () => base('GET', `/product/202309/products/${product.id}`, []),
    () => base('POST', '/product/202312/products/search', [['page_size', '5']], { status: 'ACTIVATE' }),
    () => base('GET', `/fulfillment/202309/packages/${packageId}`, []),
    () => base('POST', `/fulfillment/202309/orders/${orderId}/packages`, [], { tracking_number: 'PROP-1', shipping_provider_id: cat.shipping_providers[0]!.id }),
    () => base('GET', '/authorization/202309/shops', [], undefined, false),
    () => base('GET', '/logistics/202309/warehouses', []),
    () => base('GET', `/logistics/202309/warehouses/${cat.warehouses[0]!.id}/delivery_options`, []),
  ];
  return all[i % all.length]!();
}

function sign(r: ApiRequest): ApiRequest {
  const query: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of r.params) if (k !== 'sign') (query[k] ??= []).push(v);
  const sign = signRequest({ path: r.path, query, body: r.body ?? '', contentType: r.headers['content-type'] }, m.appSecret);
  return { ...r, params: [...r.params.filter(([k]) => k !== 'sign'), ['sign', sign]] };
}

type Mutation = { what: string; apply: (r: ApiRequest) => ApiRequest; resign: boolean };

const anyText = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }), fc.constantFrom('', '%', '%zz', '+', ' ', '-1', '1e309', '0', '99999999999999999999', 'null', '[]'));
const PARAMS = ['app_key', 'timestamp', 'sign', 'shop_cipher', 'page_size', 'page_token', 'ids', 'sort_field', 'sort_order', 'access_token'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constantFrom(...PARAMS), resign: fc.boolean() }).map(({ k, resign }) => ({ what: `drop ${k}`, resign, apply: (r: ApiRequest) => ({ ...r, params: r.params.filter(([n]) => n !== k) }) })),
  fc.record({ k: fc.constantFrom(...PARAMS), v: anyText, resign: fc.boolean() }).map(({ k, v, resign }) => ({
    what: `set ${k}=${JSON.stringify(v)}`, resign, apply: (r: ApiRequest) => ({ ...r, params: [...r.params.filter(([n]) => n !== k), [k, v] as [string, string]] }),
  })),
  fc.record({ k: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'sign', 'app_key')), v: anyText, resign: fc.boolean() }).map(({ k, v, resign }) => ({
    what: `add ${k}=${JSON.stringify(v)}`, resign, apply: (r: ApiRequest) => ({ ...r, params: [...r.params, [k, v] as [string, string]] }),
  })),
  fc.record({ skewS: fc.oneof(fc.integer({ min: -10 * 365 * 86_400, max: -301 }), fc.integer({ min: 31, max: 10 * 365 * 86_400 })) }).map(({ skewS }) => ({
    what: `timestamp ${skewS} s off`, resign: true,
    apply: (r: ApiRequest) => ({ ...r, params: r.params.map(([k, v]) => [k, k === 'timestamp' ? String(Math.max(0, Math.floor(Date.now() / 1000) + skewS)) : v] as [string, string]) }),
  })),
  fc.record({ pick: fc.nat(), v: fc.jsonValue({ maxDepth: 2 }), remove: fc.boolean(), resign: fc.boolean() }).map(({ pick, v, remove, resign }) => ({
    what: `body node ${pick} ${remove ? 'removed' : `= ${JSON.stringify(v)?.slice(0, 40)}`}`, resign,
    apply: (r: ApiRequest) => {
      let original: unknown = {};
      try {
        original = r.body === undefined ? {} : JSON.parse(r.body);
      } catch { /* an earlier mutation left raw text: mutate from an empty object */ }
      const body = JSON.stringify(mutateAt(original, pick, v, remove)) ?? 'null';
      return { ...r, body, headers: { ...r.headers, 'content-type': 'application/json' } };
    },
  })),
  fc.record({ raw: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('{"skus": [{', '{', '[', 'null', '"x"', '\u0000')), resign: fc.boolean() }).map(({ raw, resign }) => ({
    what: `raw body ${JSON.stringify(raw)}`, resign, apply: (r: ApiRequest) => ({ ...r, body: raw, headers: { ...r.headers, 'content-type': 'application/json' } }),
  })),
  fc.record({ seg: fc.nat(), v: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('202309', '202312', '999999', 'orders', '{order_id}', '%2F')), resign: fc.boolean() }).map(({ seg, v, resign }) => ({
    what: `path segment ${seg} = ${JSON.stringify(v)}`, resign,
    apply: (r: ApiRequest) => {
      const parts = r.path.split('/');
      const i = 1 + (seg % (parts.length - 1));
      parts[i] = v.startsWith('%') ? v : encodeURIComponent(v);
      return { ...r, path: parts.join('/') };
    },
  })),
  fc.record({ extra: fc.string({ minLength: 1, maxLength: 10 }), resign: fc.boolean() }).map(({ extra, resign }) => ({
    what: `path + /${extra}`, resign, apply: (r: ApiRequest) => ({ ...r, path: `${r.path}/${encodeURIComponent(extra)}` }),
  })),
  fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH') }).map(({ method }) => ({ what: `method ${method}`, resign: true, apply: (r: ApiRequest) => ({ ...r, method }) })),
  fc.record({ token: fc.option(fc.string({ unit: fc.constantFrom(...'abcdefROW_0123456789'.split('')), maxLength: 40 }), { nil: undefined }) }).map(({ token }) => ({
    what: `token ${token === undefined ? 'dropped' : JSON.stringify(token)}`, resign: true,
    apply: (r: ApiRequest) => {
      const { 'x-tts-access-token': _t, ...rest } = r.headers;
      return { ...r, headers: token === undefined ? rest : { ...rest, 'x-tts-access-token': token } };
    },
  })),
  fc.record({ ct: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'APPLICATION/JSON', 'application/json; charset=latin1') }).map(({ ct }) => ({
    what: `content-type ${ct}`, resign: true, apply: (r: ApiRequest) => ({ ...r, body: r.body ?? '{}', headers: { ...r.headers, 'content-type': ct } }),
  })),
);

function sendApi(r: ApiRequest): Promise<Reply> {
  const query = r.params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  return call(r.method, r.path, { query, body: r.body, headers: r.headers });
}

describe('mock: TikTok API under mutation', () => {
  it('answers the envelope, never a 5xx, and a refusal changes nothing', async () => {
    const codes = new Map<number, number>();
    await checkProperty('mock-tiktok-api', fc.record({ t: fc.nat(), muts: fc.array(mutation, { minLength: 1, maxLength: 2 }) }), async ({ t, muts }) => {
      let r = sign(template(t));
      for (const mu of muts) {
        r = mu.apply(r);
        if (mu.resign) r = sign(r);
      }
      const where = `${template(t).method} ${template(t).path} with ${muts.map((x) => `${x.what}${x.resign ? ' (re-signed)' : ''}`).join(', ')}`;
      const before = await snapshot();
      const dupBefore = await duplicateShipments();
      const res = await sendApi(r);
      expect(res.status, `${where} -> ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
      expectEnvelope(res, where);
      const code = res.env!.code as number;
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (code !== 0) {
        expect(await snapshot(), `${where} -> ${code} ${res.env!.message}`).toBe(before);
        expect(await duplicateShipments(), where).toBe(dupBefore + (code === ERRORS.ALREADY_SHIPPED.code ? 1 : 0));
      }
    }, runs(300));
    // The mutations reached past the signature check into the handlers, not only the front door.
    expect(codes.get(106001) ?? 0).toBeGreaterThan(0);
    expect(codes.get(36009004) ?? 0).toBeGreaterThan(0);
    expect([...codes.keys()].length).toBeGreaterThanOrEqual(5);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Control API: mutated bodies and queries.

interface ControlRequest {
  method: string;
  path: string;
  query?: string;
  body?: unknown;
}

function controlTemplate(i: number): ControlRequest {
  const shop = cat.shops[0]!.id;
  const sku = cat.skus[1]!;
  const wh = cat.warehouses[0]!.id;
  const all: (() => ControlRequest)[] = [
    () => ({ method: 'POST', path: '/__mock/orders', body: { shop_id: shop, line_items: [{ sku_id: sku.id, quantity: 1 }], buyer_region: 'US-EAST' } }),
    () => ({ method: 'POST', path: '/__mock/orders/batch', body: { orders: [{ shop_id: shop, line_items: [{ seller_sku: sku.seller_sku, quantity: 1 }] }] } }),
    () => ({ method: 'PUT', path: '/__mock/inventory', body: { items: [{ shop_id: shop, sku_id: sku.id, warehouse_id: wh, quantity: 40 }] } }),
    () => ({ method: 'PUT', path: '/__mock/faults', body: { latency: { kind: 'fixed', ms: 0 }, errors: { share: 0, endpoints: ['POST /order/*'] }, webhooks: { drop: 0 } } }),
    () => ({ method: 'PUT', path: '/__mock/config', body: { rateLimit: { defaultQps: 1_000_000, burst: 1_000_000 } } }),
    () => ({ method: 'POST', path: `/__mock/orders/${orderId}/advance`, body: { status: 'IN_TRANSIT' } }),
    () => ({ method: 'POST', path: `/__mock/orders/${orderId}/cancel`, body: {} }),
    () => ({ method: 'POST', path: '/__mock/tokens/expire', body: { access_token: 'not-a-token' } }),
    () => ({ method: 'GET', path: '/__mock/inventory/history', query: `shop_id=${shop}&sku_id=${sku.id}&warehouse_id=${wh}&since=0` }),
    () => ({ method: 'GET', path: '/__mock/wait', query: `shop_id=${shop}&sku_id=${sku.id}&warehouse_id=${wh}&quantity=40` }),
    () => ({ method: 'GET', path: '/__mock/wait', query: `order_id=${orderId}&status=AWAITING_SHIPMENT` }),
  ];
  return all[i % all.length]!();
}

const controlMutation = fc.oneof(
  fc.record({ pick: fc.nat(), v: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(-1, 0, 1.5, 1e21, 100_000, 99_999, '', 'US-NOWHERE', 'IN_TRANSIT', 'DELIVERED', [], {})), remove: fc.boolean() }).map(({ pick, v, remove }) => ({
    what: (c: ControlRequest) => `body ${describePath(c.body ?? {}, pick)} ${remove ? 'removed' : `= ${JSON.stringify(v)?.slice(0, 40)}`}`,
    apply: (c: ControlRequest): ControlRequest => (c.body === undefined ? c : { ...c, body: mutateAt(c.body, pick, v, remove) }),
  })),
  fc.record({ k: fc.constantFrom('shop_id', 'sku_id', 'seller_sku', 'warehouse_id', 'quantity', 'since', 'order_id', 'status', 'timeout_ms', 'junk'), v: anyText, drop: fc.boolean() }).map(({ k, v, drop }) => ({
    what: () => `query ${k} ${drop ? 'dropped' : `= ${JSON.stringify(v)}`}`,
    apply: (c: ControlRequest): ControlRequest => {
      if (c.query === undefined) return c;
      const q = new URLSearchParams(c.query);
      if (drop) q.delete(k);
      else q.set(k, v);
      return { ...c, query: q.toString() };
    },
  })),
  fc.record({ raw: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('{', '[1,', '{"orders":', 'null')) }).map(({ raw }) => ({
    what: () => `raw body ${JSON.stringify(raw)}`,
    apply: (c: ControlRequest): ControlRequest => (c.method === 'GET' ? c : { ...c, body: { __raw: raw } }),
  })),
  fc.record({ id: fc.string({ minLength: 1, maxLength: 20 }) }).map(({ id }) => ({
    what: () => `order id ${JSON.stringify(id)}`,
    apply: (c: ControlRequest): ControlRequest => ({ ...c, path: c.path.replace(orderId, encodeURIComponent(id)) }),
  })),
);

function sendControl(c: ControlRequest): Promise<Reply> {
  // A wait that is valid would hold the connection up to 10 s: keep it short whatever else changed.
  let query = c.query;
  if (c.path === '/__mock/wait' && query !== undefined) {
    const q = new URLSearchParams(query);
    const t = q.get('timeout_ms');
    if (t === null || /^\d+$/.test(t)) q.set('timeout_ms', '10');
    query = q.toString();
  }
  const raw = (c.body as { __raw?: string } | undefined)?.__raw;
  const body = c.body === undefined ? undefined : raw !== undefined ? raw : JSON.stringify(c.body);
  return call(c.method, c.path, { query, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
}

describe('mock: control API under mutation', () => {
  it('answers the envelope, never a 5xx, and a refusal changes nothing', async () => {
    let refused = 0;
    await checkProperty('mock-control-api', fc.record({ t: fc.nat(), mu: controlMutation }), async ({ t, mu }) => {
      const c0 = controlTemplate(t);
      const c = mu.apply(c0);
      const where = `${c.method} ${c.path}${c.query ? `?${c.query}` : ''} with ${mu.what(c0)}`;
      const before = await snapshot();
      const res = await sendControl(c);
      expect(res.status, `${where} -> ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
      expectEnvelope(res, where);
      if (res.env!.code !== 0) {
        refused++;
        expect(await snapshot(), `${where} -> ${res.env!.code} ${res.env!.message}`).toBe(before);
      } else if (c.path === '/__mock/faults' || c.path === '/__mock/config') {
        // An accepted spec or config must not leak into the next case.
        await control('PUT', '/__mock/faults', {});
        await control('PUT', '/__mock/config', { rateLimit: { defaultQps: 1_000_000 } });
      }
    }, runs(250));
    expect(refused).toBeGreaterThan(50);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Injected faults: the only 5xx there are.

describe('mock: injected faults', () => {
  it('every 5xx is an injected fault, counted in the stats', async () => {
    await control('PUT', '/__mock/faults', { seed: 'prop-faults', errors: { share: 0.3 } });
    const before = (await control('GET', '/__mock/stats')).faults as Record<string, number>;
    let fiveXx = 0;
    try {
      await checkProperty('mock-injected-faults', fc.record({ t: fc.nat(), muts: fc.array(mutation, { maxLength: 1 }) }), async ({ t, muts }) => {
        let r = sign(template(t));
        for (const mu of muts) r = mu.resign ? sign(mu.apply(r)) : mu.apply(r);
        const res = await sendApi(r);
        if (res.status >= 500) {
          fiveXx++;
          expect(res.status, res.text).toBe(500);
          expect(res.env?.code, res.text).toBe(ERRORS.INTERNAL_ERROR.code);
        }
      }, runs(150));
    } finally {
      await control('PUT', '/__mock/faults', {});
    }
    const after = (await control('GET', '/__mock/stats')).faults as Record<string, number>;
    expect(fiveXx).toBeGreaterThan(0);
    expect((after.error ?? 0) - (before.error ?? 0)).toBe(fiveXx);
  }, 120_000);
});
