/**
 * The order-side TikTok calls the connector makes: details by id (<= 50 a call) and search by
 * update time. Thin typed wrappers over TikTokClient; shapes follow the 202309 API.
 */
import type { PlatformOrder } from '../domain/order-book.ts';
import type { Shop } from '../domain/catalog.ts';
import type { TikTokClient } from './client.ts';

export const ORDER_DETAIL = 'GET /order/202309/orders';
export const ORDER_SEARCH = 'POST /order/202309/orders/search';
export const MAX_IDS_PER_DETAIL = 50;

export interface PlatformOrderFull extends PlatformOrder {
  update_time?: number;
  create_time?: number;
  tracking_number?: string;
  packages?: { id?: string; tracking_number?: string }[];
}

export class BusinessError extends Error {
  constructor(
    readonly endpoint: string,
    readonly code: number,
    message: string,
  ) {
    super(`TikTok ${endpoint}: code ${code} ${message}`);
    this.name = 'BusinessError';
  }
}

export async function fetchOrders(client: TikTokClient, shop: Shop, ids: string[], preAcquired = false): Promise<PlatformOrderFull[]> {
  if (ids.length === 0 || ids.length > MAX_IDS_PER_DETAIL) throw new RangeError(`order detail takes 1..${MAX_IDS_PER_DETAIL} ids, got ${ids.length}`);
  const env = await client.call<{ orders?: PlatformOrderFull[] }>({
    method: 'GET',
    path: '/order/202309/orders',
    endpoint: ORDER_DETAIL,
    shop,
    query: { ids: ids.join(',') },
    idempotent: true,
    preAcquired,
  });
  if (env.code !== 0) throw new BusinessError(ORDER_DETAIL, env.code, env.message);
  return env.data?.orders ?? [];
}

export interface SearchPage {
  orders: PlatformOrderFull[];
  next_page_token?: string;
}

export async function searchOrdersByUpdate(client: TikTokClient, shop: Shop, updateTimeGe: number, pageToken: string | undefined, pageSize = 100): Promise<SearchPage> {
  const query: Record<string, string | number> = { page_size: pageSize, sort_field: 'update_time', sort_order: 'ASC' };
  if (pageToken) query.page_token = pageToken;
  const env = await client.call<SearchPage>({
    method: 'POST',
    path: '/order/202309/orders/search',
    endpoint: ORDER_SEARCH,
    shop,
    query,
    body: { update_time_ge: updateTimeGe },
    idempotent: true,
  });
  if (env.code !== 0) throw new BusinessError(ORDER_SEARCH, env.code, env.message);
  return { orders: env.data?.orders ?? [], next_page_token: env.data?.next_page_token || undefined };
}

/** True if the platform already holds a package with this tracking number for the order. */
export function hasTracking(order: PlatformOrderFull, tracking: string): boolean {
  return (
    order.tracking_number === tracking ||
    (order.packages ?? []).some((p) => p.tracking_number === tracking) ||
    (order.line_items ?? []).some((li) => (li as { tracking_number?: string }).tracking_number === tracking)
  );
}
