/**
 * The campaign file: what a seller expects on the big day, so capacity can be stated as
 * headroom against it.
 *
 *   { "name": "11.11 live stream",          optional, shown in the report
 *     "peak_orders_per_minute": 6000,        > 0
 *     "hot_sku_share": 0.2,                  share of orders for the single hottest SKU, (1/skus, 1]
 *     "shops": 3,                            shops selling the same stock, 1..50
 *     "duration_minutes": 30,                how long the peak holds, > 0
 *     "skus": 200 }                          optional catalog size, 1..100000 (default 200)
 *
 * Validation reports every problem, changes nothing, and rejects unknown keys. The hot-SKU
 * share becomes the scenarios' Zipf exponent (ZIPF_S): the s at which rank 1 of `skus` draws
 * exactly that share, 1 / H(skus, s).
 */
import { CapacityError } from './capacity-errors.ts';
import { readConfigFile } from '../../lib/config/read-config-file.ts';
import { FieldCheck } from '../../lib/config/field-check.ts';

export interface Campaign {
  name?: string;
  peak_orders_per_minute: number;
  hot_sku_share: number;
  shops: number;
  duration_minutes: number;
  skus?: number;
}

export const DEFAULT_SKUS = 200;
const KEYS = ['name', 'peak_orders_per_minute', 'hot_sku_share', 'shops', 'duration_minutes', 'skus'];
/** Every problem in a campaign (lib's FieldCheck format; a required key missing reads "got nothing"). Changes nothing. */
export function validateCampaign(raw: unknown): string[] {
  const c = new FieldCheck();
  const o = c.obj(raw, 'campaign');
  if (!c.ok) return c.problems;
  c.onlyKeys(o, KEYS, '');
  if (o.name !== undefined && !(typeof o.name === 'string' && o.name.length <= 200)) c.expected('name', 'a string of at most 200 characters', o.name);
  c.positive(o.peak_orders_per_minute, 'peak_orders_per_minute', 10_000_000);
  c.int(o.shops, 'shops', 1, 50);
  c.positive(o.duration_minutes, 'duration_minutes', 7 * 24 * 60);
  const before = c.problems.length;
  const skus = c.optInt(o.skus, 'skus', 1, 100_000) ?? DEFAULT_SKUS;
  const skusOk = c.problems.length === before;
  const share = c.positive(o.hot_sku_share, 'hot_sku_share', 1);
  if (skusOk && share > 0 && share < 1 / skus - 1e-12) {
    c.add('hot_sku_share', `${share} is below an even spread over ${skus} SKUs (${(1 / skus).toPrecision(3)}): the hottest SKU cannot draw less than that`);
  }
  return c.problems;
}

export function readCampaign(path: string): Campaign {
  return readConfigFile<Campaign>(path, validateCampaign, (detail, cause) => new CapacityError('PD_CAP_CAMPAIGN_INVALID', detail, cause));
}

/** Campaign peak in orders per second (what the scenarios' rates are in). */
export function campaignPeakPerSecond(c: Campaign): number {
  return c.peak_orders_per_minute / 60;
}

/** Share of draws for rank 1 of n under Zipf exponent s: 1 / H(n, s). */
export function topShare(n: number, s: number): number {
  let h = 0;
  for (let k = 1; k <= n; k++) h += 1 / Math.pow(k, s);
  return 1 / h;
}

/** The Zipf exponent giving the hottest of `n` SKUs `share` of the orders (bisection; capped at 20). */
export function zipfExponentFor(share: number, n: number): number {
  if (n <= 1 || share <= 1 / n) return 0;
  let lo = 0;
  let hi = 20;
  if (topShare(n, hi) <= share) return hi;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (topShare(n, mid) < share) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
