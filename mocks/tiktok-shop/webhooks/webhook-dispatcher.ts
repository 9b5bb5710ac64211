/**
 * Pushes event notifications to the addresses subscribed per shop and event type, as TikTok Shop does:
 * signed, with a 3 s timeout, at least once (retries on the platform's schedule), and with
 * the faults of the fault spec (drop, duplicate, delay, reorder).
 *
 * Why it is shaped this way:
 * - `publish` only enqueues: the buyer-side call that changed the order must not wait on the
 *   integration's receiver (the platform does not either).
 * - Bounded everywhere: at most `concurrency` attempts in flight (undici Agent, keep-alive,
 *   that many connections per origin), at most `maxPending` notifications waiting; past that
 *   a new notification is refused and counted (`overflow`), never piled up as promises.
 * - One timer for all delays and retries (DueQueue), unref'd and cancelled on close.
 * - A retry and a duplicate carry the same bytes and tts_notification_id: receivers dedupe.
 * - Reorder: the notification is held back until the next notification of the same shop has
 *   finished its first attempt (so the receiver sees the later one first), or `reorderHoldMs`
 *   at most (so a hold never becomes a drop).
 * - Retries go to the shop's subscription at the time of the attempt: an integration that
 *   restarts on a new port and re-subscribes gets its pending retries.
 *
 * Outcomes: delivered, failed_attempt (non-200 or connection error), timeout, gave_up (the
 * schedule ran out), dropped (fault: never sent; a reconciliation poller must find the order),
 * duplicated, delayed, reordered (faults applied), no_subscriber, overflow.
 * Ack latency: every attempt that got an answer (any status), and every timeout at its elapsed
 * time, into an HDR histogram; `lag` is publish -> first HTTP 200.
 */
import { Agent } from 'undici';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import type { FaultInjector } from '../faults/fault-injector.ts';
import { DueQueue } from './due-queue.ts';
import { HoldBack, type Held } from './hold-back.ts';
import {
  WebhookConfigError,
  checkWebhookAddress,
  resolveWebhookSettings,
  type WebhookSettings,
  type WebhookSettingsInput,
} from './webhook-config.ts';
import {
  buildNotification,
  orderStatusEvent,
  type EventType,
  type Notification,
  type OrderStatusEvent,
  type PlatformEvent,
} from './webhook-notification.ts';
import { FieldCheck } from '../../../lib/config/field-check.ts';

export type { EventType, OrderStatusEvent, PlatformEvent } from './webhook-notification.ts';
export { EVENT_TYPE_IDS } from './webhook-notification.ts';
export { checkWebhookAddress, WebhookConfigError, PLATFORM_RETRY_SCHEDULE_MS } from './webhook-config.ts';

export const OUTCOMES = [
  'delivered',
  'failed_attempt',
  'timeout',
  'gave_up',
  'dropped',
  'duplicated',
  'delayed',
  'reordered',
  'no_subscriber',
  'overflow',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface WebhookDispatcherOptions extends WebhookSettingsInput {
  appKey: string;
  appSecret: string;
  faults: FaultInjector;
}

export interface WebhookStats {
  /** Encoded LatencyHistogram of attempt ack times (ms). */
  ack: string;
  /** Encoded LatencyHistogram of publish -> first HTTP 200 (ms), retries and faults included. */
  lag: string;
  outcomes: Record<string, number>;
  /** Notifications queued, in flight, delayed, waiting to retry or held back. */
  pending: number;
}

interface Subscription {
  address: string;
  origin: string;
  path: string;
}

interface Delivery {
  n: Notification;
  /** Attempts made so far. */
  attempts: number;
  /** Reordered notifications to let go once this delivery's first attempt is over. */
  releases?: Held<Postponed>[];
}

/** A notification's deliveries waiting for the reorder fault, with the delay still to apply. */
interface Postponed {
  deliveries: Delivery[];
  delayMs: number;
}

type Due = { kind: 'send'; d: Delivery } | { kind: 'release'; h: Held<Postponed> };

/** The subscription's address was refused (not a URL, not loopback, a TikTok host...). */
export class WebhookAddressError extends Error {
  readonly code = 'MOCK_WEBHOOK_ADDRESS';
  constructor(message: string) {
    super(message);
    this.name = 'WebhookAddressError';
  }
}

const subKey = (shopId: string, eventType: EventType): string => `${shopId} ${eventType}`;

export class WebhookDispatcher {
  private readonly settings: WebhookSettings;
  private readonly appKey: string;
  private readonly appSecret: string;
  private readonly faults: FaultInjector;
  private readonly agent: Agent;
  private readonly subs = new Map<string, Subscription>();
  private ready: Delivery[] = [];
  private readyHead = 0;
  private readonly due: DueQueue<Due>;
  private dueSends = 0;
  private readonly held = new HoldBack<Postponed>();
  private inFlight = 0;
  private readonly running = new Set<Promise<void>>();
  /** Bumped by reset(): answers to attempts started before it are ignored. */
  private generation = 0;
  private closed = false;
  private readonly ack = new LatencyHistogram();
  private readonly lag = new LatencyHistogram();
  /** Encoded histograms, kept until the next record: pollers of stats() pay for compression once. */
  private encoded: { ack: string; lag: string } | undefined;
  private readonly outcomes = zeroOutcomes();

  /** @throws WebhookConfigError listing every invalid option. */
  constructor(opts: WebhookDispatcherOptions) {
    const { settings, problems } = resolveWebhookSettings(opts);
    const c = new FieldCheck();
    c.str(opts.appKey, 'appKey');
    c.str(opts.appSecret, 'appSecret');
    if (opts.faults === undefined || typeof opts.faults.forWebhook !== 'function') c.add('faults', 'expected a FaultInjector');
    problems.push(...c.problems);
    if (problems.length > 0) throw new WebhookConfigError(problems);
    this.settings = settings;
    this.appKey = opts.appKey;
    this.appSecret = opts.appSecret;
    this.faults = opts.faults;
    this.agent = new Agent({ connections: settings.concurrency, pipelining: 1, keepAliveTimeout: 10_000 });
    this.due = new DueQueue<Due>((x) => this.onDue(x));
  }

  /**
   * Sets (or with undefined, deletes) the shop's address for an event type.
   * @throws WebhookAddressError if the address is not one the mock may push to; check it
   *   first with `checkWebhookAddress` to answer the client with TikTok's error instead.
   */
  subscribe(shopId: string, address: string | undefined, eventType: EventType = 'ORDER_STATUS_CHANGE'): void {
    const key = subKey(shopId, eventType);
    if (address === undefined) {
      this.subs.delete(key);
      return;
    }
    const problem = checkWebhookAddress(address, this.settings.allowRemote);
    if (problem !== undefined) throw new WebhookAddressError(problem);
    const url = new URL(address);
    this.subs.set(key, { address, origin: url.origin, path: url.pathname + url.search });
  }

  subscription(shopId: string, eventType: EventType = 'ORDER_STATUS_CHANGE'): string | undefined {
    return this.subs.get(subKey(shopId, eventType))?.address;
  }

  /** Enqueues the notification of an event (an order status change by default); never blocks, never throws for delivery problems. */
  publish(e: PlatformEvent | OrderStatusEvent): void {
    if (this.closed) return;
    const event = 'eventType' in e ? e : orderStatusEvent(e);
    if (!this.subs.has(subKey(event.shopId, event.eventType))) return this.count('no_subscriber');
    if (this.pending() >= this.settings.maxPending) return this.count('overflow');
    const n = buildNotification(event, this.appKey, this.appSecret);
    const f = this.faults.forWebhook(Date.now());
    if (f.drop) return this.count('dropped');
    const deliveries: Delivery[] = [{ n, attempts: 0 }];
    if (f.duplicate) {
      deliveries.push({ n, attempts: 0 });
      this.count('duplicated');
    }
    if (f.delayMs > 0) this.count('delayed');
    if (f.reorder) {
      this.count('reordered');
      const h = this.held.hold(event.shopId, { deliveries, delayMs: f.delayMs });
      this.due.push(performance.now() + this.faults.reorderHoldMs(), { kind: 'release', h });
      return;
    }
    const earlier = this.held.takeShop(event.shopId);
    if (earlier !== undefined) deliveries[0]!.releases = earlier;
    this.start(deliveries, f.delayMs);
  }

  stats(): WebhookStats {
    this.encoded ??= { ack: this.ack.encode(), lag: this.lag.encode() };
    return { ...this.encoded, outcomes: { ...this.outcomes }, pending: this.pending() };
  }

  /** Forgets everything queued, held and counted; keeps the subscriptions (integration config). */
  reset(): void {
    this.generation++;
    this.clearQueues();
    for (const k of OUTCOMES) this.outcomes[k] = 0;
    this.ack.reset();
    this.lag.reset();
    this.encoded = undefined;
  }

  /** Cancels every timer and queued notification, waits for attempts in flight, closes connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.clearQueues();
    await Promise.allSettled([...this.running]);
    await this.agent.close();
  }

  private pending(): number {
    return this.ready.length - this.readyHead + this.dueSends + this.held.size + this.inFlight;
  }

  private count(o: Outcome): void {
    this.outcomes[o]++;
  }

  private clearQueues(): void {
    this.ready = [];
    this.readyHead = 0;
    this.due.clear();
    this.dueSends = 0;
    this.held.clear();
  }

  private start(deliveries: Delivery[], delayMs: number): void {
    for (const d of deliveries) {
      if (delayMs > 0) {
        this.dueSends++;
        this.due.push(performance.now() + delayMs, { kind: 'send', d });
      } else this.ready.push(d);
    }
    this.pump();
  }

  private onDue(x: Due): void {
    if (this.closed) return;
    if (x.kind === 'release') return this.release(x.h);
    this.dueSends--;
    this.ready.push(x.d);
    this.pump();
  }

  private release(h: Held<Postponed>): void {
    if (this.held.release(h)) this.start(h.item.deliveries, h.item.delayMs);
  }

  private pump(): void {
    while (this.inFlight < this.settings.concurrency && this.readyHead < this.ready.length) {
      const d = this.ready[this.readyHead++]!;
      // Compact now and then so the array does not grow with everything ever sent.
      if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.readyHead);
        this.readyHead = 0;
      }
      this.inFlight++;
      const p: Promise<void> = this.attempt(d, this.generation).finally(() => {
        this.inFlight--;
        this.running.delete(p);
        if (!this.closed) this.pump();
      });
      this.running.add(p);
    }
  }

  private async attempt(d: Delivery, gen: number): Promise<void> {
    const sub = this.subs.get(subKey(d.n.shopId, d.n.eventType));
    if (sub === undefined) {
      this.count('no_subscriber');
      this.releaseAfter(d);
      return;
    }
    d.attempts++;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.settings.timeoutMs);
    const t0 = performance.now();
    let result: 'delivered' | 'failed_attempt' | 'timeout';
    let ackMs: number | undefined;
    try {
      const res = await this.agent.request({
        origin: sub.origin,
        path: sub.path,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: d.n.authorization },
        body: d.n.body,
        signal: ac.signal,
      });
      ackMs = performance.now() - t0;
      await res.body.dump();
      result = res.statusCode === 200 ? 'delivered' : 'failed_attempt';
    } catch {
      if (ac.signal.aborted) {
        result = 'timeout';
        ackMs = performance.now() - t0;
      } else result = 'failed_attempt';
    } finally {
      clearTimeout(timer);
    }
    if (gen !== this.generation || this.closed) return;
    if (ackMs !== undefined) this.ack.record(ackMs);
    this.encoded = undefined;
    this.count(result);
    if (result === 'delivered') {
      if (!d.n.delivered) this.lag.record(performance.now() - d.n.publishedAt);
      d.n.delivered = true;
    } else if (d.attempts <= this.settings.retryScheduleMs.length) {
      this.dueSends++;
      this.due.push(performance.now() + this.settings.retryScheduleMs[d.attempts - 1]!, { kind: 'send', d });
    } else this.count('gave_up');
    this.releaseAfter(d);
  }

  private releaseAfter(d: Delivery): void {
    if (d.releases === undefined) return;
    const hs = d.releases;
    d.releases = undefined;
    for (const h of hs) this.release(h);
  }
}

function zeroOutcomes(): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((k) => [k, 0])) as Record<Outcome, number>;
}
