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
const REQUIRED = ['peak_orders_per_minute', 'hot_sku_share', 'shops', 'duration_minutes'];

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function validateCampaign(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [`the campaign must be a JSON object, got ${JSON.stringify(raw)}`];
  const o = raw as Record<string, unknown>;
  const errors: string[] = [];
  for (const k of Object.keys(o)) if (!KEYS.includes(k)) errors.push(`unknown key "${k}" (known: ${KEYS.join(', ')})`);
  for (const k of REQUIRED) if (!(k in o)) errors.push(`"${k}" is required`);
  if ('name' in o && (typeof o.name !== 'string' || o.name.length > 200)) errors.push(`name must be a string of at most 200 characters, got ${JSON.stringify(o.name)}`);
  if ('peak_orders_per_minute' in o && !(num(o.peak_orders_per_minute) && o.peak_orders_per_minute > 0 && o.peak_orders_per_minute <= 10_000_000)) {
    errors.push(`peak_orders_per_minute must be a number > 0 (and at most 10,000,000), got ${JSON.stringify(o.peak_orders_per_minute)}`);
  }
  if ('shops' in o && !(num(o.shops) && Number.isInteger(o.shops) && o.shops >= 1 && o.shops <= 50)) errors.push(`shops must be a whole number 1..50, got ${JSON.stringify(o.shops)}`);
  if ('duration_minutes' in o && !(num(o.duration_minutes) && o.duration_minutes > 0 && o.duration_minutes <= 7 * 24 * 60)) {
    errors.push(`duration_minutes must be a number > 0 (at most a week), got ${JSON.stringify(o.duration_minutes)}`);
  }
  const skusOk = !('skus' in o) || (num(o.skus) && Number.isInteger(o.skus) && o.skus >= 1 && o.skus <= 100_000);
  if (!skusOk) errors.push(`skus must be a whole number 1..100000, got ${JSON.stringify(o.skus)}`);
  if ('hot_sku_share' in o) {
    const s = o.hot_sku_share;
    if (!(num(s) && s > 0 && s <= 1)) errors.push(`hot_sku_share must be a share in (0, 1], got ${JSON.stringify(s)}`);
    else if (skusOk) {
      const n = (o.skus as number | undefined) ?? DEFAULT_SKUS;
      if (s < 1 / n - 1e-12) errors.push(`hot_sku_share ${s} is below an even spread over ${n} SKUs (${(1 / n).toPrecision(3)}): the hottest SKU cannot draw less than that`);
    }
  }
  return errors;
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
