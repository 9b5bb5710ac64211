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

export type WebhookOutcome = 'queued' | 'duplicate' | 'replay' | 'known_order' | 'ignored' | 'unknown_shop';

/** Statuses after which no webhook changes the ERP's order. */
const FINAL = new Set(['cancelled', 'shipped']);
const REPLAY_CACHE = 50_000;

export class WebhookReceiver {
  private readonly insInbox: Statement;
  private readonly orderStatus: Statement<[string], string>;
  private readonly enqueue: Statement;
  private readonly seen = new Set<string>();

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

    const notificationId = body.tts_notification_id;
    const shopId = body.shop_id;
    const data = body.data;
    if (body.type !== 1) {
      this.remember(replayKey);
      return 'ignored'; // only order status changes matter to this connector
    }
    const problems: string[] = [];
    if (typeof notificationId !== 'string' || notificationId === '') problems.push('tts_notification_id: expected a non-empty string');
    if (typeof shopId !== 'string' && typeof shopId !== 'number') problems.push('shop_id: expected a string');
    if (!isObject(data)) problems.push('data: expected an object');
    const orderId = isObject(data) ? data.order_id : undefined;
    const status = isObject(data) ? data.order_status : undefined;
    if (typeof orderId !== 'string' && typeof orderId !== 'number') problems.push('data.order_id: expected a string');
    if (typeof status !== 'string') problems.push('data.order_status: expected a string');
    if (problems.length > 0) throw new StackError('INVALID_BODY', problems.join('; '));

    // Answered 200 (the platform would retry a 4xx forever) and recorded nowhere.
    if (!this.catalog.shopById.has(String(shopId))) {
      this.remember(replayKey);
      return 'unknown_shop';
    }
    const oid = String(orderId);
    const outcome = await this.gc.run((): WebhookOutcome => {
      if (this.insInbox.run(notificationId, String(shopId), oid, status, now).changes === 0) return 'duplicate';
      const known = this.orderStatus.get(oid);
      if (known !== undefined && (FINAL.has(known) || status !== 'CANCEL')) return 'known_order';
      this.enqueue.run(oid, String(shopId), status === 'CANCEL' ? 'CANCEL' : String(status), now);
      return 'queued';
    });
    this.remember(replayKey);
    return outcome;
  }

  private remember(key: string): void {
    if (this.seen.size >= REPLAY_CACHE) this.seen.delete(this.seen.values().next().value as string);
    this.seen.add(key);
  }
}
