/**
 * The country sites (markets) a shop can belong to, each with its currency and time zone.
 *
 * TikTok names a shop's market by its `region` (`US`, `GB`, `ID`...) in Get Authorized Shops,
 * and shows every money amount with the shop's currency (`sale_price` + `currency`). Currencies
 * without minor units in practice (IDR, VND) are shown as whole numbers. The seeded catalog
 * prices every SKU in USD once; a shop shows that price converted at a fixed rate of the mock
 * (not a live exchange rate), so a catalog is the same catalog in every market.
 *
 * The default shops carry the reference stack's sub-regions of the US (`US-EAST`...): they are
 * US shops, in USD, each in its own US time zone.
 */

export interface Market {
  /** The market's country code: the `region` TikTok shows for its shops, its `sales_regions`. */
  readonly code: string;
  readonly currency: string;
  /** IANA time zone of the market (the shop's local day). */
  readonly timeZone: string;
  /** Units of the currency per US dollar (a fixed rate, for a plausible local price). */
  readonly perUsd: number;
  /** Digits after the decimal point in the amounts TikTok shows. */
  readonly decimals: 0 | 2;
}

/** The markets a configured seller's shop may be in. */
export const MARKETS: Readonly<Record<string, Market>> = Object.freeze({
  US: { code: 'US', currency: 'USD', timeZone: 'America/Los_Angeles', perUsd: 1, decimals: 2 },
  GB: { code: 'GB', currency: 'GBP', timeZone: 'Europe/London', perUsd: 0.79, decimals: 2 },
  ID: { code: 'ID', currency: 'IDR', timeZone: 'Asia/Jakarta', perUsd: 16_000, decimals: 0 },
  MY: { code: 'MY', currency: 'MYR', timeZone: 'Asia/Kuala_Lumpur', perUsd: 4.5, decimals: 2 },
  TH: { code: 'TH', currency: 'THB', timeZone: 'Asia/Bangkok', perUsd: 35, decimals: 2 },
  VN: { code: 'VN', currency: 'VND', timeZone: 'Asia/Ho_Chi_Minh', perUsd: 25_000, decimals: 0 },
  PH: { code: 'PH', currency: 'PHP', timeZone: 'Asia/Manila', perUsd: 57, decimals: 2 },
  SG: { code: 'SG', currency: 'SGD', timeZone: 'Asia/Singapore', perUsd: 1.35, decimals: 2 },
});

export const MARKET_REGIONS = Object.keys(MARKETS);

/** Time zones of the default shops' US sub-regions. */
const US_SUB_REGION_ZONES: Readonly<Record<string, string>> = {
  'US-EAST': 'America/New_York',
  'US-CENTRAL': 'America/Chicago',
  'US-WEST': 'America/Los_Angeles',
  'US-SOUTH': 'America/Chicago',
  'US-NORTHWEST': 'America/Los_Angeles',
  'US-SOUTHWEST': 'America/Phoenix',
  'US-MIDWEST': 'America/Chicago',
  'US-NORTHEAST': 'America/New_York',
};

/** The market of a shop's region: a configured market, or a US sub-region of the default shops. */
export function marketOf(region: string): Market {
  const m = MARKETS[region];
  if (m !== undefined) return m;
  const zone = US_SUB_REGION_ZONES[region];
  if (zone === undefined) throw new Error(`no market for region ${JSON.stringify(region)}`);
  return { ...(MARKETS.US as Market), timeZone: zone };
}

/**
 * A USD catalog amount ("12.34") as the market shows it. USD answers the amount unchanged, so a
 * US shop shows exactly the seeded price.
 */
export function localAmount(usd: string, m: Market): string {
  if (m.perUsd === 1) return usd;
  return (Number(usd) * m.perUsd).toFixed(m.decimals);
}

/** A market's amount as the catalog's USD ("12.34"): how a price the seller sets in a shop becomes a SKU's catalog price. */
export function usdAmount(local: string, m: Market): string {
  if (m.perUsd === 1) return local;
  return (Number(local) / m.perUsd).toFixed(2);
}

/** A sum of amounts in the market's format (`decimals` digits). */
export function formatAmount(value: number, m: Market): string {
  return value.toFixed(m.decimals);
}
