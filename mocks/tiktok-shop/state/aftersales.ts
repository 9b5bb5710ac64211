/**
 * The reverse flows: cancellations and returns, as the platform holds them.
 *
 * Cancellations: a buyer asks (`CANCELLATION_REQUEST_PENDING`, the order stays
 * AWAITING_SHIPMENT with `is_buyer_request_cancel`), the seller approves (the order is
 * cancelled, its committed stock released: `CANCELLATION_REQUEST_COMPLETE`) or rejects
 * (`CANCELLATION_REQUEST_CANCELLED`); a seller cancels an unshipped order outright, and so does a
 * buyer before the seller's approval is needed (both recorded as complete cancellations).
 * Returns: a buyer asks for a refund or a return of a shipped order
 * (`RETURN_OR_REFUND_REQUEST_PENDING`); a refund is approved to complete or rejected; a return is
 * approved to `AWAITING_BUYER_SHIP`, the buyer ships it back (`BUYER_SHIPPED_ITEM`), the seller
 * accepts the package (complete) or rejects it (`REJECT_RECEIVE_PACKAGE`). Returns change no
 * stock: what comes back is the seller's to restock. Every change is published (webhooks 11
 * and 12) and, for returns, recorded.
 */
import { TikTokError } from '../errors.ts';
import type { Order, PlatformOrderBook } from './orders.ts';

export type CancelStatus = 'CANCELLATION_REQUEST_PENDING' | 'CANCELLATION_REQUEST_SUCCESS' | 'CANCELLATION_REQUEST_CANCELLED' | 'CANCELLATION_REQUEST_COMPLETE';
export type ReturnStatus =
  | 'RETURN_OR_REFUND_REQUEST_PENDING'
  | 'REFUND_OR_RETURN_REQUEST_REJECT'
  | 'AWAITING_BUYER_SHIP'
  | 'BUYER_SHIPPED_ITEM'
  | 'REJECT_RECEIVE_PACKAGE'
  | 'RETURN_OR_REFUND_REQUEST_COMPLETE';
export const RETURN_TYPES = ['REFUND', 'RETURN_AND_REFUND'] as const;
export type ReturnType = (typeof RETURN_TYPES)[number];
export type Role = 'BUYER' | 'SELLER' | 'SYSTEM';

interface Request {
  id: string;
  order_id: string;
  shop_index: number;
  role: Role;
  reason: string;
  created_ms: number;
  updated_ms: number;
}

export interface Cancellation extends Request {
  type: 'CANCEL' | 'BUYER_CANCEL';
  status: CancelStatus;
}

export interface ReturnRecord {
  description: string;
  role: Role;
  created_ms: number;
  reason_text: string;
}

export interface ReturnRequest extends Request {
  type: ReturnType;
  status: ReturnStatus;
  tracking_number: string;
  records: ReturnRecord[];
}

export interface AftersalesListener {
  cancellation(c: Cancellation): void;
  return(r: ReturnRequest): void;
}

/** Seller decisions on a return: [from status, for type or any] -> to status. */
const APPROVE: Record<string, [ReturnStatus, ReturnType | undefined, ReturnStatus]> = {
  APPROVE_REFUND: ['RETURN_OR_REFUND_REQUEST_PENDING', 'REFUND', 'RETURN_OR_REFUND_REQUEST_COMPLETE'],
  APPROVE_RETURN: ['RETURN_OR_REFUND_REQUEST_PENDING', 'RETURN_AND_REFUND', 'AWAITING_BUYER_SHIP'],
  APPROVE_RECEIVED_PACKAGE: ['BUYER_SHIPPED_ITEM', undefined, 'RETURN_OR_REFUND_REQUEST_COMPLETE'],
};
const REJECT: Record<string, [ReturnStatus, ReturnType | undefined, ReturnStatus]> = {
  REJECT_REFUND: ['RETURN_OR_REFUND_REQUEST_PENDING', 'REFUND', 'REFUND_OR_RETURN_REQUEST_REJECT'],
  REJECT_RETURN: ['RETURN_OR_REFUND_REQUEST_PENDING', 'RETURN_AND_REFUND', 'REFUND_OR_RETURN_REQUEST_REJECT'],
  REJECT_RECEIVED_PACKAGE: ['BUYER_SHIPPED_ITEM', undefined, 'REJECT_RECEIVE_PACKAGE'],
};
export const APPROVE_DECISIONS = Object.keys(APPROVE);
export const REJECT_DECISIONS = Object.keys(REJECT);

const OPEN_RETURN = new Set<ReturnStatus>(['RETURN_OR_REFUND_REQUEST_PENDING', 'AWAITING_BUYER_SHIP', 'BUYER_SHIPPED_ITEM']);
/** Order statuses from which a buyer may ask for a refund or a return. */
export const RETURNABLE = new Set(['IN_TRANSIT', 'DELIVERED', 'COMPLETED']);

export class Aftersales {
  readonly cancellations = new Map<string, Cancellation>();
  readonly returns = new Map<string, ReturnRequest>();
  /** Each order's latest cancellation and return: order views and checks never scan. */
  private readonly cancelByOrder = new Map<string, Cancellation>();
  private readonly returnByOrder = new Map<string, ReturnRequest>();

  constructor(
    private readonly orders: PlatformOrderBook,
    private readonly now: () => number,
    private readonly listener: AftersalesListener,
  ) {}

  /** The buyer's open cancellation request of an order, if any. */
  pendingCancellation(orderId: string): Cancellation | undefined {
    const c = this.cancelByOrder.get(orderId);
    return c?.status === 'CANCELLATION_REQUEST_PENDING' ? c : undefined;
  }

  /** The order's latest cancellation (who cancelled it, and why). */
  latestCancellation(orderId: string): Cancellation | undefined {
    return this.cancelByOrder.get(orderId);
  }

  openReturn(orderId: string): ReturnRequest | undefined {
    const r = this.returnByOrder.get(orderId);
    return r !== undefined && OPEN_RETURN.has(r.status) ? r : undefined;
  }

  /** The buyer asks to cancel an unshipped order; the seller decides. */
  requestCancellation(orderId: string, reason: string): Cancellation {
    const o = this.orders.get(orderId);
    if (o.status !== 'AWAITING_SHIPMENT') throw new TikTokError('INVALID_STATUS', `order ${orderId} is ${o.status}; a cancellation can be requested only while AWAITING_SHIPMENT`);
    if (this.pendingCancellation(orderId)) throw new TikTokError('INVALID_STATUS', `order ${orderId} already has a pending cancellation request`);
    return this.addCancellation(o, 'BUYER', 'BUYER_CANCEL', 'CANCELLATION_REQUEST_PENDING', reason);
  }

  /** The order is cancelled now (by the buyer before approval is needed, or by the seller); stock is released. */
  cancelNow(orderId: string, role: Role, reason: string, shopIndex?: number): Cancellation {
    const o = this.ownOrder(orderId, shopIndex);
    this.orders.cancel(orderId, role);
    const pending = this.pendingCancellation(orderId);
    if (pending) this.setCancelStatus(pending, 'CANCELLATION_REQUEST_COMPLETE');
    return this.addCancellation(o, role, role === 'BUYER' ? 'BUYER_CANCEL' : 'CANCEL', 'CANCELLATION_REQUEST_COMPLETE', reason);
  }

  approveCancellation(shopIndex: number, cancelId: string): Cancellation {
    const c = this.pendingOf(shopIndex, cancelId);
    this.orders.cancel(c.order_id, 'SELLER');
    this.setCancelStatus(c, 'CANCELLATION_REQUEST_COMPLETE');
    return c;
  }

  rejectCancellation(shopIndex: number, cancelId: string): Cancellation {
    const c = this.pendingOf(shopIndex, cancelId);
    this.setCancelStatus(c, 'CANCELLATION_REQUEST_CANCELLED');
    return c;
  }

  /** The buyer asks for a refund (keeps the item) or a return (ships it back). */
  requestReturn(orderId: string, type: ReturnType, reason: string): ReturnRequest {
    const o = this.orders.get(orderId);
    if (!RETURNABLE.has(o.status)) throw new TikTokError('INVALID_STATUS', `order ${orderId} is ${o.status}; a return needs ${[...RETURNABLE].join(', ')}`);
    if (this.openReturn(orderId)) throw new TikTokError('INVALID_STATUS', `order ${orderId} already has an open return`);
    const t = this.now();
    const r: ReturnRequest = {
      id: this.orders.nextId('418'),
      order_id: o.id,
      shop_index: o.shop_index,
      role: 'BUYER',
      reason,
      created_ms: t,
      updated_ms: t,
      type,
      status: 'RETURN_OR_REFUND_REQUEST_PENDING',
      tracking_number: '',
      records: [],
    };
    this.returns.set(r.id, r);
    this.returnByOrder.set(o.id, r);
    this.record(r, 'BUYER', reason);
    return r;
  }

  /** A seller decision (approve or reject) on a return of its shop. */
  decideReturn(shopIndex: number, returnId: string, decision: string, reason = ''): ReturnRequest {
    const r = this.returns.get(returnId);
    if (!r || r.shop_index !== shopIndex) throw new TikTokError('NOT_FOUND', `return ${returnId} does not exist in this shop`);
    const rule = APPROVE[decision] ?? REJECT[decision];
    if (!rule) throw new TikTokError('INVALID_PARAM', `decision: unknown ${JSON.stringify(decision)}`);
    const [from, type, to] = rule;
    if (r.status !== from || (type !== undefined && r.type !== type)) {
      throw new TikTokError('INVALID_STATUS', `return ${returnId} is a ${r.type} at ${r.status}; ${decision} needs ${type ?? 'any'} at ${from}`);
    }
    r.status = to;
    this.record(r, 'SELLER', reason);
    return r;
  }

  /** The buyer ships the approved items back. */
  shipBack(returnId: string, trackingNumber: string): ReturnRequest {
    const r = this.returns.get(returnId);
    if (!r) throw new TikTokError('NOT_FOUND', `return ${returnId} does not exist`);
    if (r.status !== 'AWAITING_BUYER_SHIP') throw new TikTokError('INVALID_STATUS', `return ${returnId} is ${r.status}; shipping back needs AWAITING_BUYER_SHIP`);
    r.status = 'BUYER_SHIPPED_ITEM';
    r.tracking_number = trackingNumber;
    this.record(r, 'BUYER', '');
    return r;
  }

  reset(): void {
    this.cancellations.clear();
    this.returns.clear();
    this.cancelByOrder.clear();
    this.returnByOrder.clear();
  }

  private ownOrder(orderId: string, shopIndex: number | undefined): Order {
    const o = this.orders.orders.get(orderId);
    if (!o || (shopIndex !== undefined && o.shop_index !== shopIndex)) throw new TikTokError('NOT_FOUND', `order ${orderId} does not exist in this shop`);
    return o;
  }

  private pendingOf(shopIndex: number, cancelId: string): Cancellation {
    const c = this.cancellations.get(cancelId);
    if (!c || c.shop_index !== shopIndex) throw new TikTokError('NOT_FOUND', `cancellation ${cancelId} does not exist in this shop`);
    if (c.status !== 'CANCELLATION_REQUEST_PENDING') throw new TikTokError('INVALID_STATUS', `cancellation ${cancelId} is ${c.status}, not pending`);
    return c;
  }

  private addCancellation(o: Order, role: Role, type: Cancellation['type'], status: CancelStatus, reason: string): Cancellation {
    const t = this.now();
    const c: Cancellation = { id: this.orders.nextId('419'), order_id: o.id, shop_index: o.shop_index, role, reason, created_ms: t, updated_ms: t, type, status };
    this.cancellations.set(c.id, c);
    this.cancelByOrder.set(o.id, c);
    this.listener.cancellation(c);
    return c;
  }

  private setCancelStatus(c: Cancellation, status: CancelStatus): void {
    c.status = status;
    c.updated_ms = Math.max(c.updated_ms, this.now());
    this.listener.cancellation(c);
  }

  private record(r: ReturnRequest, role: Role, reason: string): void {
    r.updated_ms = Math.max(r.updated_ms, this.now());
    r.records.push({ description: r.status, role, created_ms: r.updated_ms, reason_text: reason });
    this.listener.return(r);
  }
}
