import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CapacityError } from '../capacity-errors.ts';
import { campaignPeakPerSecond, readCampaign, topShare, validateCampaign, zipfExponentFor } from '../campaign.ts';

const ok = { peak_orders_per_minute: 6000, hot_sku_share: 0.2, shops: 3, duration_minutes: 30 };
const cases: { name: string; input: unknown; errors: RegExp[] }[] = [
  { name: 'minimal campaign', input: ok, errors: [] },
  { name: 'with name and skus', input: { ...ok, name: '11.11', skus: 50 }, errors: [] },
  { name: 'not an object', input: 'big', errors: [/^campaign: expected an object, got "big"$/] },
  { name: 'unknown key (typo)', input: { ...ok, peak_orders_per_min: 1 }, errors: [/^peak_orders_per_min: unknown key \(expected one of name, peak_orders_per_minute/] },
  { name: 'missing required keys, all named', input: { shops: 1 }, errors: [/^peak_orders_per_minute: expected a number > 0 and <= 10000000, got nothing$/, /^hot_sku_share: expected .*, got nothing$/, /^duration_minutes: expected .*, got nothing$/] },
  { name: 'zero peak', input: { ...ok, peak_orders_per_minute: 0 }, errors: [/^peak_orders_per_minute: expected a number > 0 and <= 10000000, got 0$/] },
  { name: 'share as a percent', input: { ...ok, hot_sku_share: 20 }, errors: [/^hot_sku_share: expected a number > 0 and <= 1, got 20$/] },
  { name: 'share below an even spread', input: { ...ok, hot_sku_share: 0.001, skus: 100 }, errors: [/^hot_sku_share: 0.001 is below an even spread over 100 SKUs/] },
  { name: 'fractional shops', input: { ...ok, shops: 2.5 }, errors: [/^shops: expected an integer 1\.\.50, got 2\.5$/] },
  { name: 'string duration', input: { ...ok, duration_minutes: '30' }, errors: [/^duration_minutes: expected a number > 0 and <= 10080, got "30"$/] },
  { name: 'bad skus', input: { ...ok, skus: 0 }, errors: [/^skus: expected an integer 1\.\.100000, got 0$/] },
];

describe('validateCampaign', () => {
  for (const c of cases) {
    it(c.name, () => {
      const errors = validateCampaign(c.input);
      expect(errors).toHaveLength(c.errors.length);
      c.errors.forEach((re) => expect(errors.some((e) => re.test(e)), `${re} in ${errors.join(' | ')}`).toBe(true));
    });
  }
});

describe('campaign', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-campaign-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the fixture; peak in orders/s', () => {
    const c = readCampaign(join(import.meta.dirname, 'fixtures', 'campaign-1111.json'));
    expect(campaignPeakPerSecond(c)).toBe(20);
  });

  it('a bad file fails with its name and every problem', () => {
    const f = join(dir, 'c.json');
    writeFileSync(f, JSON.stringify({ shops: 0, extra: 1 }));
    expect(() => readCampaign(f)).toThrow(CapacityError);
    expect(() => readCampaign(f)).toThrow(/c\.json: .*extra: unknown key .*shops: expected an integer/);
    writeFileSync(f, '{');
    expect(() => readCampaign(f)).toThrow(/invalid campaign file: .*c\.json/);
  });

  it('the hot-SKU share becomes the Zipf exponent that gives the hottest SKU exactly that share', () => {
    for (const [share, n] of [[0.2, 200], [0.05, 200], [0.5, 10], [0.9, 1000]] as const) {
      const s = zipfExponentFor(share, n);
      expect(topShare(n, s)).toBeCloseTo(share, 6);
    }
    expect(zipfExponentFor(1 / 200, 200)).toBe(0);
    // the scenarios' default (s = 1.1 over 200 SKUs) puts ~17% on the hottest one
    expect(topShare(200, 1.1)).toBeGreaterThan(0.15);
  });
});
