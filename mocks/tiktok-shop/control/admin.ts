/**
 * Administration under /__mock/: reset, direct stock seeding, faults and rate-limit config
 * (pass-through to the behaviour modules, which validate), and expiring an access token (auth
 * codes and sellers: sellers.ts).
 */
import { readVitals } from '../../../lib/process/vitals.ts';
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { validateRateLimitConfig } from '../rate-limit/rate-limiter.ts';
import { checked, onlyKeys, parseObject, str } from '../validate.ts';
import type { RouteTable } from '../routes/route-table.ts';
import { shopIndex, skuIndex, warehouseIndex } from './resolve.ts';

/**
 * Items per seeding call: as many as fit under the default body cap (4 MiB) when every id is
 * the platform's full 19 digits (~119 bytes an item, so 30,000 take ~3.6 MB). A larger limit
 * could only ever be met by a 413; larger seeds go in several calls.
 */
const MAX_ITEMS = 30_000;

function setInventory(c: Call): unknown {
  const p = c.platform;
  const body = parseObject(c.body);
  // Validate every item before touching state: a bad item refuses the whole request, naming
  // every problem of every item.
  const sets = checked((check) => {
    check.onlyKeys(body, ['items'], 'body');
    return check.arr(body.items, 'items', 1, MAX_ITEMS).map((raw, i) => {
      const path = `items[${i}]`;
      const o = check.obj(raw, path);
      check.onlyKeys(o, ['shop_id', 'sku_id', 'seller_sku', 'warehouse_id', 'quantity'], path);
      const shop = shopIndex(p.catalog, o.shop_id, `${path}.shop_id`, check);
      const sku = skuIndex(p.catalog, o, path, check);
      const wh = warehouseIndex(p.catalog, o.warehouse_id, `${path}.warehouse_id`, check);
      const quantity = check.int(o.quantity, `${path}.quantity`, 0, 99_999);
      return { key: shop < 0 || sku < 0 || wh < 0 ? -1 : p.inventory.key(shop, sku, wh), quantity };
    });
  });
  for (const s of sets) p.inventory.set(s.key, s.quantity, 'set');
  return { updated: sets.length };
}

function putFaults(c: Call): unknown {
  const spec = parseObject(c.body);
  const problems = c.platform.faults.configure(spec, c.platform.now());
  if (problems.length > 0) throw new TikTokError('INVALID_PARAM', `fault spec: ${problems.join('; ')}`);
  return { spec: c.platform.faults.spec() };
}

function putConfig(c: Call): unknown {
  const body = parseObject(c.body);
  onlyKeys(body, ['rateLimit'], 'body');
  if (body.rateLimit !== undefined) {
    const problems = validateRateLimitConfig(body.rateLimit);
    if (problems.length > 0) throw new TikTokError('INVALID_PARAM', `rateLimit: ${problems.join('; ')}`);
    c.platform.setRateLimit(body.rateLimit as Parameters<typeof c.platform.setRateLimit>[0]);
  }
  return { rateLimit: c.platform.rateLimit };
}

export const adminRoutes: RouteTable = [
  // Liveness and this process's vitals since the last call (the harness samples them).
  ['GET', '/__mock/health', { kind: 'control', handle: () => ({ live: true, ...readVitals() }) }],
  [
    'POST',
    '/__mock/reset',
    {
      kind: 'control',
      handle: (c) => {
        c.platform.reset();
        return { reset: true, at: c.platform.now() };
      },
    },
  ],
  ['PUT', '/__mock/inventory', { kind: 'control', handle: setInventory }],
  ['GET', '/__mock/faults', { kind: 'control', handle: (c) => ({ spec: c.platform.faults.spec(), stats: c.platform.faults.stats() }) }],
  ['PUT', '/__mock/faults', { kind: 'control', handle: putFaults }],
  ['GET', '/__mock/config', { kind: 'control', handle: (c) => ({ rateLimit: c.platform.rateLimit }) }],
  ['PUT', '/__mock/config', { kind: 'control', handle: putConfig }],
  [
    'POST',
    '/__mock/tokens/expire',
    {
      kind: 'control',
      handle: (c) => {
        const body = parseObject(c.body);
        onlyKeys(body, ['access_token'], 'body');
        if (!c.platform.tokens.expire(str(body.access_token, 'access_token'))) throw new TikTokError('NOT_FOUND', 'no such access token');
        return { expired: true };
      },
    },
  ],
];
