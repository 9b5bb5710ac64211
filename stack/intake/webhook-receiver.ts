/**
 * The TikTok webhook receiver (POST /webhooks/tiktok).
 *
 * Order of checks: signature (Authorization = signWebhook(app_key, app_secret, raw body); 401
 * and nothing recorded when forged) -> body shape -> timestamp window (401 when stale or from
 * the future) -> a shop this stack serves -> dedupe. Then one durable insert through the group
 * commit and a 200: the receiver never fetches or allocates inline, so it answers in
 * milliseconds at any peak.
 *
 * A notification is a hint, never the order's truth: what it queues is an order id to read
 * from the platform (order detail), and the ERP acts on the status the platform reports there.
 * A correctly signed CANCEL for an order the platform still ships changes nothing.
 * Types handled: 1 ORDER_STATUS_CHANGE and 3 RECIPIENT_ADDRESS_UPDATE queue the order for a read
 * (the address is read from the order too); 11 CANCELLATION_STATUS_CHANGE and 12
 * RETURN_STATUS_CHANGE queue the request for the aftersales desk, which reads it before deciding;
 * 6 SELLER_DEAUTHORIZATION goes to `onDeauthorized` (tiktok/authorization-watch.ts records it
 * durably before the 200). Other types are acknowledged and ignored.
 *
 * Dedupe: tts_notification_id (the inbox primary key) and order id (a known order in a state
 * the event can't change is not queued again). A replay — a body and signature already seen —
 * is answered 200 and applied never: a 4xx would make an at-least-once platform retry forever.
 */
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { signaturesEqual, signWebhook } from '../../lib/tiktok/signature.ts';
import type { Db } from '../db/database.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import type { ErpCatalog } from '../domain/catalog.ts';
import { StackError } from '../errors.ts';
import { isObject } from '../../lib/json/is-object.ts';

export interface WebhookOptions {
  appKey: string;
  appSecret: string;
  /** Oldest accepted body timestamp, seconds before now (covers the platform's retry schedule). */
  maxAgeS: number;
  /** Newest accepted body timestamp, seconds after now (clock skew). */
  maxFutureS: number;
}

export type WebhookOutcome = 'queued' | 'duplicate' | 'replay' | 'known_order' | 'ignored' | 'unknown_shop' | 'deauthorized';

/** The push `type` ids this connector acts on. */
const ORDER_STATUS_CHANGE = 1;
const RECIPIENT_ADDRESS_UPDATE = 3;
const CANCELLATION_STATUS_CHANGE = 11;
const RETURN_STATUS_CHANGE = 12;
const SELLER_DEAUTHORIZATION = 6;
const HANDLED = new Set([ORDER_STATUS_CHANGE, RECIPIENT_ADDRESS_UPDATE, CANCELLATION_STATUS_CHANGE, RETURN_STATUS_CHANGE]);

/** What one notification asks for, once its shape is checked. */
interface Parsed {
  notificationId: string;
  shopId: string;
  orderId: string;
  /** The inbox's status column: the order status, or `address`, `cancel:<status>`, `return:<status>`. */
  status: string;
  /** Set for types 11 and 12: the request to queue for the desk. */
  request?: { kind: 'cancel' | 'return'; id: string };
}

/** Statuses after which no webhook changes the ERP's order. */
const FINAL = new Set(['cancelled', 'shipped']);
const REPLAY_CACHE = 50_000;

export class WebhookReceiver {
  private readonly insInbox: Statement;
  private readonly orderStatus: Statement<[string], string>;
  private readonly enqueue: Statement;
  private readonly enqueueRequest: Statement;
  private readonly seen = new Set<string>();
  /** Webhook 6 for a shop; answers false when the stack does not serve that shop. */
  onDeauthorized: ((shopId: string, message: string, now: number) => boolean) | undefined;

  constructor(
    db: Db,
    private readonly gc: GroupCommit,
    private readonly catalog: ErpCatalog,
    private readonly opts: WebhookOptions,
  ) {
    this.insInbox = db.prepare(
      'INSERT OR IGNORE INTO webhook_inbox (notification_id, shop_id, order_id, status, received_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.orderStatus = db.prepare('SELECT status FROM orders WHERE order_id = ?').pluck() as unknown as Statement<[string], string>;
    // A CANCEL overrides a queued status hint; anything else keeps the first.
    this.enqueue = db.prepare(
      `INSERT INTO order_queue (order_id, shop_id, hint, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(order_id) DO UPDATE SET hint = CASE WHEN excluded.hint = 'CANCEL' THEN 'CANCEL' ELSE hint END`,
    );
    // A request already queued is read afresh when its turn comes: one row is enough.
    this.enqueueRequest = db.prepare(
      'INSERT INTO aftersale_queue (request_id, kind, shop_id, order_id, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(request_id) DO UPDATE SET not_before = 0',
    );
  }

  /** Verifies, dedupes and durably queues one webhook. Throws StackError (401/400) when rejected. */
  async receive(raw: Buffer, authorization: string | undefined, now: number): Promise<WebhookOutcome> {
    const expected = signWebhook(this.opts.appKey, this.opts.appSecret, raw);
    if (!signaturesEqual(expected, authorization?.trim()))
      throw new StackError('WEBHOOK_UNAUTHORIZED', authorization ? 'Authorization does not match the body' : 'no Authorization header');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw new StackError('MALFORMED_JSON', (e as Error).message);
    }
    if (!isObject(body)) throw new StackError('INVALID_BODY', 'webhook body must be a JSON object');
    const ts = body.timestamp;
    if (typeof ts !== 'number' || !Number.isFinite(ts)) throw new StackError('INVALID_BODY', `timestamp: expected Unix seconds, got ${JSON.stringify(ts)}`);
    const ageS = now / 1000 - ts;
    if (ageS > this.opts.maxAgeS || -ageS > this.opts.maxFutureS)
      throw new StackError('WEBHOOK_STALE', `timestamp ${ts} is ${Math.round(ageS)} s from now (accepted: -${this.opts.maxFutureS}..${this.opts.maxAgeS} s)`);
    // Replays are recognised only inside the window: a copy replayed after it is stale (401)
    // like any other old notification, not a 200.
    const replayKey = createHash('sha256').update(expected).update(raw).digest('base64url');
    if (this.seen.has(replayKey)) return 'replay';
    if (body.type === SELLER_DEAUTHORIZATION) {
      const outcome = this.deauthorization(body, now);
      this.remember(replayKey);
      return outcome;
    }

    if (typeof body.type !== 'number' || !HANDLED.has(body.type)) {
      this.remember(replayKey);
      return 'ignored';
    }
    const p = parseNotification(body);
    // Answered 200 (the platform would retry a 4xx forever) and recorded nowhere.
    if (!this.catalog.shopById.has(p.shopId)) {
      this.remember(replayKey);
      return 'unknown_shop';
    }
    const outcome = await this.gc.run((): WebhookOutcome => {
      if (this.insInbox.run(p.notificationId, p.shopId, p.orderId, p.status, now).changes === 0) return 'duplicate';
      if (p.request) {
        this.enqueueRequest.run(p.request.id, p.request.kind, p.shopId, p.orderId, now);
        return 'queued';
      }
      const known = this.orderStatus.get(p.orderId);
      // A known order is read again for a cancellation, or for an address change before shipment.
      const reread = p.status === 'CANCEL' || (p.status === 'address' && known !== 'shipped');
      if (known !== undefined && (FINAL.has(known) || !reread)) return 'known_order';
      this.enqueue.run(p.orderId, p.shopId, p.status === 'CANCEL' ? 'CANCEL' : p.status, now);
      return 'queued';
    });
    this.remember(replayKey);
    return outcome;
  }

  private deauthorization(body: Record<string, unknown>, now: number): WebhookOutcome {
    const shopId = body.shop_id;
    if (typeof shopId !== 'string' && typeof shopId !== 'number') throw new StackError('INVALID_BODY', 'shop_id: expected a string');
    const message = isObject(body.data) && typeof body.data.message === 'string' ? body.data.message : 'no message';
    return this.onDeauthorized?.(String(shopId), message, now) ? 'deauthorized' : 'unknown_shop';
  }

  private remember(key: string): void {
    if (this.seen.size >= REPLAY_CACHE) this.seen.delete(this.seen.values().next().value as string);
    this.seen.add(key);
  }
}

/** Checks a handled notification's fields (every problem named) and says what it asks for. */
function parseNotification(body: Record<string, unknown>): Parsed {
  const problems: string[] = [];
  const notificationId = body.tts_notification_id;
  const shopId = body.shop_id;
  const data = isObject(body.data) ? body.data : undefined;
  if (typeof notificationId !== 'string' || notificationId === '') problems.push('tts_notification_id: expected a non-empty string');
  if (typeof shopId !== 'string' && typeof shopId !== 'number') problems.push('shop_id: expected a string');
  if (!data) problems.push('data: expected an object');
  const orderId = data?.order_id;
  if (typeof orderId !== 'string' && typeof orderId !== 'number') problems.push('data.order_id: expected a string');
  const field = (name: string): string => {
    const v = data?.[name];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
    problems.push(`data.${name}: expected a string`);
    return '';
  };
  let status = 'address';
  let request: Parsed['request'];
  if (body.type === ORDER_STATUS_CHANGE) status = field('order_status');
  else if (body.type === CANCELLATION_STATUS_CHANGE) {
    request = { kind: 'cancel', id: field('cancel_id') };
    status = `cancel:${field('cancel_status')}`;
  } else if (body.type === RETURN_STATUS_CHANGE) {
    request = { kind: 'return', id: field('return_id') };
    status = `return:${field('return_status')}`;
  }
  if (problems.length > 0) throw new StackError('INVALID_BODY', problems.join('; '));
  return { notificationId: notificationId as string, shopId: String(shopId), orderId: String(orderId), status, ...(request ? { request } : {}) };
}
