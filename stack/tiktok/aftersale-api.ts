/**
 * The return_refund calls the connector makes (202309): read a buyer's cancellation request or
 * return by id or by status, and answer it (approve, reject). Thin typed wrappers over
 * TikTokClient, like order-api.ts. A request's status is always read here before it is
 * decided: a webhook's status is a hint, and a decision on a request no longer pending is
 * refused by the platform anyway.
 */
import type { Shop } from '../domain/catalog.ts';
import type { TikTokClient } from './client.ts';
import { BusinessError } from './order-api.ts';

export const CANCEL_SEARCH = 'POST /return_refund/202309/cancellations/search';
export const RETURN_SEARCH = 'POST /return_refund/202309/returns/search';
const CANCEL_APPROVE = 'POST /return_refund/202309/cancellations/{cancel_id}/approve';
const CANCEL_REJECT = 'POST /return_refund/202309/cancellations/{cancel_id}/reject';
const RETURN_APPROVE = 'POST /return_refund/202309/returns/{return_id}/approve';
const RETURN_REJECT = 'POST /return_refund/202309/returns/{return_id}/reject';

export interface CancelRequest {
  cancel_id: string;
  order_id: string;
  cancel_status: string;
}

export interface ReturnRequest {
  return_id: string;
  order_id: string;
  /** REFUND (the buyer keeps the item) or RETURN_AND_REFUND (it comes back). */
  return_type: string;
  return_status: string;
}

/** The statuses that wait for the seller's decision. */
export const CANCEL_PENDING = 'CANCELLATION_REQUEST_PENDING';
export const RETURN_WAITING = ['RETURN_OR_REFUND_REQUEST_PENDING', 'BUYER_SHIPPED_ITEM'];

const PAGE_SIZE = 50;

async function search<T>(client: TikTokClient, shop: Shop, endpoint: string, body: object, pageToken?: string): Promise<{ items: T[]; next?: string }> {
  const query: Record<string, string | number> = { page_size: PAGE_SIZE };
  if (pageToken) query.page_token = pageToken;
  const env = await client.call<{ cancellations?: T[]; return_orders?: T[]; next_page_token?: string }>({
    method: 'POST',
    path: endpoint.slice('POST '.length),
    endpoint,
    shop,
    query,
    body,
    idempotent: true,
  });
  if (env.code !== 0) throw new BusinessError(endpoint, env.code, env.message);
  return { items: env.data?.cancellations ?? env.data?.return_orders ?? [], next: env.data?.next_page_token || undefined };
}

export async function searchCancellations(client: TikTokClient, shop: Shop, filter: { cancel_ids?: string[]; cancel_status?: string[] }, pageToken?: string) {
  return search<CancelRequest>(client, shop, CANCEL_SEARCH, filter, pageToken);
}

export async function searchReturns(client: TikTokClient, shop: Shop, filter: { return_ids?: string[]; return_status?: string[] }, pageToken?: string) {
  return search<ReturnRequest>(client, shop, RETURN_SEARCH, filter, pageToken);
}

/** One decision call; the platform's answer code (0 = done), never thrown for a business refusal. */
async function decide(client: TikTokClient, shop: Shop, endpoint: string, path: string, body: object): Promise<{ code: number; message: string }> {
  const env = await client.call<unknown>({ method: 'POST', path, endpoint, shop, body, idempotent: false });
  return { code: env.code, message: env.message };
}

export function approveCancellation(client: TikTokClient, shop: Shop, cancelId: string) {
  return decide(client, shop, CANCEL_APPROVE, `/return_refund/202309/cancellations/${encodeURIComponent(cancelId)}/approve`, {});
}

export function rejectCancellation(client: TikTokClient, shop: Shop, cancelId: string, reason: string) {
  return decide(client, shop, CANCEL_REJECT, `/return_refund/202309/cancellations/${encodeURIComponent(cancelId)}/reject`, { reject_reason: reason });
}

/** decision: APPROVE_REFUND, APPROVE_RETURN or APPROVE_RECEIVED_PACKAGE. */
export function approveReturn(client: TikTokClient, shop: Shop, returnId: string, decision: string) {
  return decide(client, shop, RETURN_APPROVE, `/return_refund/202309/returns/${encodeURIComponent(returnId)}/approve`, { decision });
}

/** decision: REJECT_REFUND, REJECT_RETURN or REJECT_RECEIVED_PACKAGE. */
export function rejectReturn(client: TikTokClient, shop: Shop, returnId: string, decision: string, reason: string) {
  return decide(client, shop, RETURN_REJECT, `/return_refund/202309/returns/${encodeURIComponent(returnId)}/reject`, { decision, reject_reason: reason });
}
