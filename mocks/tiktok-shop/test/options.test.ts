import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../state/catalog.ts';
import { MockOptionsError, resolveOptions, validateMockOptions, type MockOptions } from '../options.ts';

describe('mock options validation', () => {
  const cases: { name: string; input: MockOptions; problems: RegExp[] }[] = [
    { name: 'empty is valid', input: {}, problems: [] },
    { name: 'full valid set', input: { port: 0, seed: 's', shops: 5, skus: 10, warehouses: 8, appKey: 'key1', appSecret: 'secret1', rateLimit: { defaultQps: 5 }, webhook: { retryScheduleMs: [1, 2] }, faults: { errors: { share: 0.1 } } }, problems: [] },
    { name: 'unknown option', input: { colour: 'red' } as MockOptions, problems: [/colour: unknown key \(expected one of host, /] },
    { name: 'every problem is reported', input: { port: -1, shops: 0, warehouses: 9, skus: 1.5 }, problems: [/^port: expected an integer 0\.\.65535, got -1$/, /^shops: expected an integer 1\.\.50, got 0$/, /^skus: expected an integer 1\.\.100000, got 1\.5$/, /^warehouses: expected an integer 1\.\.8, got 9$/] },
    { name: 'credential with a space', input: { appSecret: 'a b c d' }, problems: [/^appSecret: expected 4-128 letters, digits, "_", "\." or "-"$/] }, // the secret not shown
    { name: 'rate limit problems carry their path', input: { rateLimit: { defaultQps: 0 } }, problems: [/rateLimit\.defaultQps/] },
    { name: 'fault spec problems carry their path', input: { faults: { errors: { share: 3 } } }, problems: [/faults\.errors\.share/] },
    { name: 'unknown webhook option', input: { webhook: { retries: 3 } as never }, problems: [/webhook\.retries: unknown key \(expected one of timeoutMs, /] },
    { name: 'bad token lifetime', input: { tokenLifetimes: { accessTokenS: 0 } }, problems: [/^tokenLifetimes\.accessTokenS: expected an integer 1\.\.315360000, got 0$/] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = validateMockOptions(c.input);
      expect(got).toHaveLength(c.problems.length);
      c.problems.forEach((re, i) => expect(got[i]).toMatch(re));
    });
  }
  it('resolve throws every problem at once and fills defaults otherwise', () => {
    expect(() => resolveOptions({ shops: 0, port: 70000 })).toThrow(MockOptionsError);
    const r = resolveOptions({});
    expect([r.host, r.shops, r.skus, r.warehouses, r.seed, r.rateLimit.defaultQps]).toEqual(['127.0.0.1', 3, 200, 3, 'peakday', 50]);
    expect(r.appKey).not.toBe(resolveOptions({}).appKey); // generated per start
  });
});

describe('seeded catalog', () => {
  it('is deterministic for a seed and sized as asked, SKUs grouped 1-4 per product', () => {
    const a = buildCatalog({ seed: 'x', shops: 4, skus: 50, warehouses: 2 });
    const b = buildCatalog({ seed: 'x', shops: 4, skus: 50, warehouses: 2 });
    expect(JSON.stringify(a.products)).toBe(JSON.stringify(b.products));
    expect(a.shops.map((s) => s.cipher)).toEqual(b.shops.map((s) => s.cipher));
    expect(a.skus).toHaveLength(50);
    expect(a.products.every((p) => p.skus.length >= 1 && p.skus.length <= 4)).toBe(true);
    expect(a.shops.map((s) => s.region)).toEqual(['US-EAST', 'US-CENTRAL', 'US-WEST', 'US-SOUTH']);
    expect(a.warehouses.map((w) => w.address.region_code)).toEqual(['US-EAST', 'US-CENTRAL']);
    expect(a.shops.every((s) => /^\d+$/.test(s.id) && s.cipher.startsWith('ROW_'))).toBe(true);
    expect(a.skus[0]!.seller_sku).toBe('SKU-000001');
    const ids = [...a.shops.map((s) => s.id), ...a.products.map((p) => p.id), ...a.skus.map((s) => s.id), ...a.warehouses.map((w) => w.id)];
    expect(new Set(ids).size).toBe(ids.length);
    expect(buildCatalog({ seed: 'y', shops: 4, skus: 50, warehouses: 2 }).skus[0]!.id).not.toBe(a.skus[0]!.id);
  });
});
