import { afterEach, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../../lib/hdr/latency-histogram.ts';
import { signWebhook, signaturesEqual } from '../../../../lib/tiktok/signature.ts';
import { FaultInjector } from '../../faults/fault-injector.ts';
import { WebhookAddressError, WebhookConfigError, WebhookDispatcher, checkWebhookAddress, type WebhookDispatcherOptions } from '../webhook-dispatcher.ts';
import { sleep, startReceiver, waitFor, type Receiver } from './receiver.ts';

const APP_KEY = 'app-key-1';
const APP_SECRET = 'app-secret-1';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  cleanups.push(() => r.close());
  return r;
}

function dispatcher(faultSpec: unknown = {}, opts: Partial<WebhookDispatcherOptions> = {}) {
  const faults = new FaultInjector('webhook-tests');
  expect(faults.configure(faultSpec)).toEqual([]);
  const d = new WebhookDispatcher({ appKey: APP_KEY, appSecret: APP_SECRET, faults, retryScheduleMs: [50, 100, 200], ...opts });
  cleanups.push(() => d.close());
  return { d, faults };
}

let orderSeq = 0;
function event(shopId = 'shop-1', status = 'AWAITING_SHIPMENT') {
  return { shopId, orderId: `order-${++orderSeq}`, status, updateTime: 1_700_000_000 };
}

describe('WebhookDispatcher delivery', () => {
  it('sends the platform body, signed, as JSON; the receiver verifies the signature', async () => {
    const r = await receiver();
    const { d } = dispatcher();
    d.subscribe('shop-1', r.url);
    const e = event('shop-1', 'CANCELLED');
    d.publish(e);
    await waitFor(() => d.stats().outcomes.delivered === 1, 5000, 'delivery');
    expect(r.received).toHaveLength(1);
    const got = r.received[0]!;
    expect(got.path).toBe('/webhooks/tiktok');
    expect(got.headers['content-type']).toBe('application/json');
    const expected = signWebhook(APP_KEY, APP_SECRET, got.body);
    expect(signaturesEqual(expected, got.headers.authorization)).toBe(true);
    expect(signaturesEqual(signWebhook(APP_KEY, 'wrong', got.body), got.headers.authorization)).toBe(false);
    expect(got.json).toEqual({
      type: 1,
      tts_notification_id: expect.stringMatching(/^\d{19}$/),
      shop_id: 'shop-1',
      timestamp: expect.any(Number),
      data: { order_id: e.orderId, order_status: 'CANCEL', is_on_hold_order: false, update_time: 1_700_000_000 },
    });
    expect(Math.abs((got.json.timestamp as number) - Date.now() / 1000)).toBeLessThan(60);
    expect(d.stats().pending).toBe(0);
  });

  it('retries a 500 on the schedule with the same id and body, then counts the delivery', async () => {
    const r = await receiver((_, i) => ({ status: i < 2 ? 500 : 200 }));
    const { d } = dispatcher();
    d.subscribe('shop-1', r.url);
    d.publish(event());
    await waitFor(() => d.stats().outcomes.delivered === 1, 5000, 'delivery after retries');
    expect(r.received).toHaveLength(3);
    expect(new Set(r.received.map((x) => x.body)).size).toBe(1);
    // retry 1 after >= 50 ms, retry 2 after >= 100 ms (timer slack allowed on a busy machine)
    expect(r.received[1]!.at - r.received[0]!.at).toBeGreaterThanOrEqual(45);
    expect(r.received[2]!.at - r.received[1]!.at).toBeGreaterThanOrEqual(95);
    const s = d.stats();
    expect(s.outcomes).toMatchObject({ failed_attempt: 2, delivered: 1, gave_up: 0 });
    expect(LatencyHistogram.decode(s.ack).count).toBe(3);
    expect(LatencyHistogram.decode(s.lag).count).toBe(1);
    expect(LatencyHistogram.decode(s.lag).percentile(100)).toBeGreaterThanOrEqual(140);
  });

  it('a receiver slower than the timeout is a timeout, and is retried', async () => {
    const r = await receiver((_, i) => ({ delayMs: i === 0 ? 800 : 0 }));
    const { d } = dispatcher({}, { timeoutMs: 200 });
    d.subscribe('shop-1', r.url);
    d.publish(event());
    await waitFor(() => d.stats().outcomes.delivered === 1, 5000, 'delivery after timeout');
    const s = d.stats();
    expect(s.outcomes).toMatchObject({ timeout: 1, delivered: 1 });
    const ack = LatencyHistogram.decode(s.ack);
    expect(ack.count).toBe(2);
    expect(ack.maxMs).toBeGreaterThanOrEqual(190); // the timed-out attempt, at its elapsed time
    expect(r.received[0]!.json.tts_notification_id).toBe(r.received[1]!.json.tts_notification_id);
  });

  it('gives up after the schedule is exhausted', async () => {
    const r = await receiver(() => ({ status: 503 }));
    const { d } = dispatcher({}, { retryScheduleMs: [20, 40] });
    d.subscribe('shop-1', r.url);
    d.publish(event());
    await waitFor(() => d.stats().outcomes.gave_up === 1, 5000, 'gave_up');
    await sleep(150);
    expect(r.received).toHaveLength(3);
    expect(d.stats().outcomes).toMatchObject({ failed_attempt: 3, gave_up: 1, delivered: 0 });
    expect(d.stats().pending).toBe(0);
  });

  it('a connection refused is a failed attempt (not an ack) and is retried', async () => {
    const r = await receiver();
    const dead = r.url;
    await r.close();
    cleanups.pop();
    const { d } = dispatcher({}, { retryScheduleMs: [30] });
    d.subscribe('shop-1', dead);
    d.publish(event());
    await waitFor(() => d.stats().outcomes.gave_up === 1, 5000, 'gave_up');
    expect(d.stats().outcomes.failed_attempt).toBe(2);
    expect(LatencyHistogram.decode(d.stats().ack).count).toBe(0);
  });

  it('retries go to the address subscribed at the time of the retry', async () => {
    const first = await receiver(() => ({ status: 500 }));
    const second = await receiver();
    const { d } = dispatcher({}, { retryScheduleMs: [200] });
    d.subscribe('shop-1', first.url);
    d.publish(event());
    await waitFor(() => first.received.length === 1, 5000, 'first attempt');
    d.subscribe('shop-1', second.url);
    await waitFor(() => d.stats().outcomes.delivered === 1, 5000, 'retry to new address');
    expect(second.received[0]!.body).toBe(first.received[0]!.body);
  });

  it('counts notifications for shops without a subscription, and unsubscribing stops delivery', async () => {
    const r = await receiver();
    const { d } = dispatcher();
    d.publish(event('shop-9'));
    d.subscribe('shop-1', r.url);
    expect(d.subscription('shop-1')).toBe(r.url);
    d.subscribe('shop-1', undefined);
    expect(d.subscription('shop-1')).toBeUndefined();
    d.publish(event('shop-1'));
    expect(d.stats().outcomes.no_subscriber).toBe(2);
    await sleep(50);
    expect(r.received).toHaveLength(0);
  });

  it('delivers a burst of 2,000 events with bounded concurrency', async () => {
    // The first answers are slow so that attempts overlap and the bound is actually reached.
    const r = await receiver((_, i) => ({ delayMs: i < 64 ? 20 : 0 }));
    const { d } = dispatcher({}, { concurrency: 16 });
    d.subscribe('shop-1', r.url);
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) d.publish(event());
    expect(performance.now() - t0).toBeLessThan(2000); // publish only enqueues
    // Generous: two shared CPUs. Poll the receiver (cheap), then the dispatcher's count.
    await waitFor(() => r.received.length === 2000, 25_000, '2000 deliveries');
    await waitFor(() => d.stats().outcomes.delivered === 2000, 5000, '2000 counted');
    expect(r.maxConcurrent).toBeLessThanOrEqual(16);
    expect(r.maxConcurrent).toBeGreaterThan(1);
    expect(new Set(r.received.map((x) => x.json.tts_notification_id)).size).toBe(2000);
    expect(LatencyHistogram.decode(d.stats().ack).count).toBe(2000);
  });

  it('refuses new notifications past maxPending (overflow) instead of piling them up', async () => {
    const r = await receiver(() => ({ delayMs: 300 }));
    const { d } = dispatcher({}, { concurrency: 2, maxPending: 10 });
    d.subscribe('shop-1', r.url);
    for (let i = 0; i < 25; i++) d.publish(event());
    expect(d.stats().pending).toBe(10);
    expect(d.stats().outcomes.overflow).toBe(15);
  });

  it('close() cancels pending retries and waits for attempts in flight', async () => {
    const r = await receiver((_, i) => (i === 0 ? { status: 500 } : { delayMs: 300 }));
    const { d } = dispatcher({}, { retryScheduleMs: [60_000] });
    d.subscribe('shop-1', r.url);
    d.publish(event());
    await waitFor(() => d.stats().outcomes.failed_attempt === 1, 5000, 'first failure');
    d.publish(event()); // in flight for 300 ms when close() is called
    await waitFor(() => r.received.length === 2, 5000, 'second in flight');
    const t0 = performance.now();
    await d.close();
    const took = performance.now() - t0;
    expect(took).toBeLessThan(5000); // did not wait for the 60 s retry
    expect(took).toBeGreaterThan(100); // did wait for the slow attempt
    expect(d.stats().pending).toBe(0);
    d.publish(event()); // after close: ignored
    await sleep(50);
    expect(r.received).toHaveLength(2);
  });

  it('reset() forgets queued retries and counts', async () => {
    const r = await receiver(() => ({ status: 500 }));
    const { d } = dispatcher({}, { retryScheduleMs: [100] });
    d.subscribe('shop-1', r.url);
    d.publish(event());
    await waitFor(() => d.stats().outcomes.failed_attempt === 1, 5000, 'first failure');
    d.reset();
    expect(d.stats().outcomes.failed_attempt).toBe(0);
    expect(d.stats().pending).toBe(0);
    await sleep(250);
    expect(r.received).toHaveLength(1);
    expect(d.subscription('shop-1')).toBe(r.url);
  });
});

describe('WebhookDispatcher faults, observed at the receiver', () => {
  it('drop: never sent, counted', async () => {
    const r = await receiver();
    const { d, faults } = dispatcher({ webhooks: { drop: 1 } });
    d.subscribe('shop-1', r.url);
    for (let i = 0; i < 5; i++) d.publish(event());
    await sleep(100);
    expect(r.received).toHaveLength(0);
    expect(d.stats().outcomes.dropped).toBe(5);
    expect(faults.stats().webhook_drop).toBe(5);
  });

  it('duplicate: the same notification arrives twice', async () => {
    const r = await receiver();
    const { d } = dispatcher({ webhooks: { duplicate: 1 } });
    d.subscribe('shop-1', r.url);
    d.publish(event());
    await waitFor(() => d.stats().outcomes.delivered === 2, 5000, 'two deliveries');
    expect(r.received).toHaveLength(2);
    expect(r.received[0]!.body).toBe(r.received[1]!.body);
    expect(d.stats().outcomes.duplicated).toBe(1);
    expect(LatencyHistogram.decode(d.stats().ack).count).toBe(2);
    expect(LatencyHistogram.decode(d.stats().lag).count).toBe(1); // lag is to the first 200 only
  });

  it('delay: arrives no sooner than the delay', async () => {
    const r = await receiver();
    const { d } = dispatcher({ webhooks: { delay: { share: 1, kind: 'fixed', ms: 300 } } });
    d.subscribe('shop-1', r.url);
    const t0 = performance.now();
    d.publish(event());
    expect(d.stats().pending).toBe(1);
    await waitFor(() => r.received.length === 1, 5000, 'delayed delivery');
    expect(r.received[0]!.at - t0).toBeGreaterThanOrEqual(290);
    expect(d.stats().outcomes.delayed).toBe(1);
  });

  it('reorder: a held notification arrives after the next one of its shop', async () => {
    const r = await receiver();
    const { d, faults } = dispatcher({ webhooks: { reorder: 1, reorderHoldMs: 5000 } });
    d.subscribe('shop-1', r.url);
    const first = event();
    d.publish(first);
    await sleep(100);
    expect(r.received).toHaveLength(0); // held
    expect(d.stats().pending).toBe(1);
    faults.configure({});
    const second = event();
    d.publish(second);
    await waitFor(() => r.received.length === 2, 5000, 'both deliveries');
    expect(r.received.map((x) => x.json.data.order_id)).toEqual([second.orderId, first.orderId]);
    expect(d.stats().outcomes.reordered).toBe(1);
  });

  it('reorder: with no later notification, the held one goes after reorderHoldMs', async () => {
    const r = await receiver();
    const { d } = dispatcher({ webhooks: { reorder: 1, reorderHoldMs: 200 } });
    d.subscribe('shop-1', r.url);
    const t0 = performance.now();
    d.publish(event());
    await waitFor(() => r.received.length === 1, 5000, 'released delivery');
    expect(r.received[0]!.at - t0).toBeGreaterThanOrEqual(190);
  });

  it('the same seed gives the same webhook faults', async () => {
    const spec = { webhooks: { drop: 0.3, duplicate: 0.3 } };
    const outcomes = [];
    for (let run = 0; run < 2; run++) {
      const r = await receiver();
      const { d } = dispatcher(spec);
      d.subscribe('shop-1', r.url);
      for (let i = 0; i < 40; i++) d.publish(event());
      await waitFor(() => d.stats().pending === 0, 5000, 'drain');
      outcomes.push(d.stats().outcomes);
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[0]!.dropped).toBeGreaterThan(0);
    expect(outcomes[0]!.duplicated).toBeGreaterThan(0);
  });
});

describe('WebhookDispatcher configuration', () => {
  it('reports every invalid option at once', () => {
    try {
      new WebhookDispatcher({ appKey: '', appSecret: 's', faults: new FaultInjector('x'), timeoutMs: 0, retryScheduleMs: [10, -1], concurrency: 0 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(WebhookConfigError);
      expect((e as WebhookConfigError).problems).toEqual([
        'timeoutMs: expected a number > 0 and <= 3600000, got 0',
        'retryScheduleMs[1]: expected a number 0..604800000, got -1',
        'concurrency: expected an integer 1..1024, got 0',
        'appKey: expected a non-empty string, got ""',
      ]);
    }
  });

  it('reports wrong types as problems, not as a crash', () => {
    const bad = { appKey: 'k', appSecret: 's', faults: new FaultInjector('x'), retryScheduleMs: 5, allowRemote: 7, maxPending: 1.5 } as unknown as WebhookDispatcherOptions;
    expect(() => new WebhookDispatcher(bad)).toThrow(WebhookConfigError);
    try {
      new WebhookDispatcher(bad);
    } catch (e) {
      expect((e as WebhookConfigError).problems).toEqual([
        'retryScheduleMs: expected an array, got 5',
        'maxPending: expected an integer 1..10000000, got 1.5',
        'allowRemote: expected an array, got 7',
      ]);
    }
  });

  const addresses: { name: string; address: unknown; allow?: string[]; problem: RegExp | undefined }[] = [
    { name: 'loopback http', address: 'http://127.0.0.1:8080/hook', problem: undefined },
    { name: 'localhost https', address: 'https://localhost/hook', problem: undefined },
    { name: 'remote host allowed by name', address: 'http://erp.internal/hook', allow: ['erp.internal'], problem: undefined },
    { name: 'remote host not allowed', address: 'http://erp.internal/hook', problem: /loopback only/ },
    { name: "TikTok's own host", address: 'https://open-api.tiktokglobalshop.com/x', allow: ['open-api.tiktokglobalshop.com'], problem: /never sends load to TikTok/ },
    { name: 'not a URL', address: 'not a url', problem: /not a valid URL/ },
    { name: 'ftp', address: 'ftp://127.0.0.1/x', problem: /http:\/\/ or https:\/\// },
    { name: 'credentials in URL', address: 'http://u:p@127.0.0.1/x', problem: /credentials/ },
    { name: 'not a string', address: 42, problem: /non-empty URL string/ },
  ];
  for (const c of addresses) {
    it(`address: ${c.name}`, () => {
      const p = checkWebhookAddress(c.address, c.allow);
      if (c.problem === undefined) expect(p).toBeUndefined();
      else expect(p).toMatch(c.problem);
    });
  }

  it('subscribe refuses a bad address with WebhookAddressError', () => {
    const { d } = dispatcher();
    expect(() => d.subscribe('shop-1', 'http://example.com/hook')).toThrow(WebhookAddressError);
    expect(d.subscription('shop-1')).toBeUndefined();
  });
});
