/**
 * The ORDER_STATUS_CHANGE notification as TikTok Shop pushes it: body, id and signature.
 *
 *   POST <subscribed address>
 *   Content-Type: application/json
 *   Authorization: hex(HMAC-SHA256(key = app_secret, app_key + raw body))
 *   {"type":1,"tts_notification_id":"...","shop_id":"...","timestamp":<unix s>,
 *    "data":{"order_id":"...","order_status":"AWAITING_SHIPMENT","is_on_hold_order":false,"update_time":<unix s>}}
 *
 * The body is serialised and signed once: every retry and duplicate of a notification sends
 * the same bytes with the same tts_notification_id, which is what receivers dedupe on.
 */
import { signWebhook } from '../../../lib/tiktok/signature.ts';

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
  orderId: string;
  body: string;
  authorization: string;
  /** performance.now() at publish: delivery lag is measured from here. */
  publishedAt: number;
  /** Set at the first HTTP 200 of any copy (a duplicate's second 200 is not a new lag). */
  delivered: boolean;
}

/** Webhook type 1 = order status change. */
export const ORDER_STATUS_CHANGE_TYPE = 1;

/** The webhook's spelling of an API order status. */
export function webhookStatus(apiStatus: string): string {
  return apiStatus === 'CANCELLED' ? 'CANCEL' : apiStatus;
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

export function buildNotification(event: OrderStatusEvent, appKey: string, appSecret: string, nowMs = Date.now()): Notification {
  const id = nextNotificationId();
  const body = JSON.stringify({
    type: ORDER_STATUS_CHANGE_TYPE,
    tts_notification_id: id,
    shop_id: event.shopId,
    timestamp: Math.floor(nowMs / 1000),
    data: {
      order_id: event.orderId,
      order_status: webhookStatus(event.status),
      is_on_hold_order: false,
      update_time: event.updateTime,
    },
  });
  return {
    id,
    shopId: event.shopId,
    orderId: event.orderId,
    body,
    authorization: signWebhook(appKey, appSecret, body),
    publishedAt: performance.now(),
    delivered: false,
  };
}
