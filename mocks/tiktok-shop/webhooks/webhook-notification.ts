/**
 * Notifications as TikTok Shop pushes them: body, id and signature.
 *
 *   POST <address subscribed for the event type>
 *   Content-Type: application/json
 *   Authorization: hex(HMAC-SHA256(key = app_secret, app_key + raw body))
 *   {"type":<type id>,"tts_notification_id":"...","shop_id":"...","timestamp":<unix s>,"data":{...}}
 *
 * Type ids and `data` fields are the platform's (client code agrees on them; TikTok's SDK does
 * not list the ids): 1 ORDER_STATUS_CHANGE {order_id, order_status, is_on_hold_order,
 * update_time}, 3 RECIPIENT_ADDRESS_UPDATE {order_id, update_time}, 4 PACKAGE_UPDATE {sc_type,
 * role_type, package_list[{package_id, order_id_list}], update_time}, 5 PRODUCT_STATUS_CHANGE {product_id, status, suspended_reason, update_time},
 * 6 SELLER_DEAUTHORIZATION {message}, 7 UPCOMING_AUTHORIZATION_EXPIRATION {message,
 * expiration_time},
 * 11 CANCELLATION_STATUS_CHANGE {order_id, cancel_id, cancellations_role,
 * cancel_status, create_time}, 12 RETURN_STATUS_CHANGE {order_id, return_id, return_role,
 * return_type, return_status, create_time, update_time}. Those are the events the mock emits.
 *
 * The body is serialised and signed once: every retry and duplicate of a notification sends
 * the same bytes with the same tts_notification_id, which is what receivers dedupe on.
 */
import { signWebhook } from '../../../lib/tiktok/signature.ts';

/** The event types the mock emits, with their push `type` ids. */
export const EVENT_TYPE_IDS = {
  ORDER_STATUS_CHANGE: 1,
  RECIPIENT_ADDRESS_UPDATE: 3,
  PACKAGE_UPDATE: 4,
  PRODUCT_STATUS_CHANGE: 5,
  SELLER_DEAUTHORIZATION: 6,
  UPCOMING_AUTHORIZATION_EXPIRATION: 7,
  CANCELLATION_STATUS_CHANGE: 11,
  RETURN_STATUS_CHANGE: 12,
} as const;

export type EventType = keyof typeof EVENT_TYPE_IDS;

/** Any event: its shop, its type and its `data`. */
export interface PlatformEvent {
  shopId: string;
  eventType: EventType;
  data: Record<string, unknown>;
}

/** An order status change (type 1), the most frequent event. */
export interface OrderStatusEvent {
  shopId: string;
  orderId: string;
  /** The API's status; CANCELLED is sent as CANCEL, as the platform's webhook does. */
  status: string;
  /** Unix seconds. */
  updateTime: number;
}

export interface Notification {
  id: string;
  shopId: string;
  eventType: EventType;
  body: string;
  authorization: string;
  /** performance.now() at publish: delivery lag is measured from here. */
  publishedAt: number;
  /** Set at the first HTTP 200 of any copy (a duplicate's second 200 is not a new lag). */
  delivered: boolean;
}

/** The webhook's spelling of an API order status. */
export function webhookStatus(apiStatus: string): string {
  return apiStatus === 'CANCELLED' ? 'CANCEL' : apiStatus;
}

export function orderStatusEvent(e: OrderStatusEvent): PlatformEvent {
  return {
    shopId: e.shopId,
    eventType: 'ORDER_STATUS_CHANGE',
    data: { order_id: e.orderId, order_status: webhookStatus(e.status), is_on_hold_order: false, update_time: e.updateTime },
  };
}

let counter = 0n;
const base = BigInt(Date.now()) * 1_000_000n;

/**
 * A 19-digit numeric id like the platform's: never repeats within the process, and the
 * start-time prefix keeps restarts of the mock apart (unless one sends a million
 * notifications per millisecond of the gap between starts).
 */
export function nextNotificationId(): string {
  counter += 1n;
  return (base + counter).toString();
}

export function buildNotification(event: PlatformEvent, appKey: string, appSecret: string, nowMs = Date.now()): Notification {
  const id = nextNotificationId();
  const body = JSON.stringify({
    type: EVENT_TYPE_IDS[event.eventType],
    tts_notification_id: id,
    shop_id: event.shopId,
    timestamp: Math.floor(nowMs / 1000),
    data: event.data,
  });
  return {
    id,
    shopId: event.shopId,
    eventType: event.eventType,
    body,
    authorization: signWebhook(appKey, appSecret, body),
    publishedAt: performance.now(),
    delivered: false,
  };
}
