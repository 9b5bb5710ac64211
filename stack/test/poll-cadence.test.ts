/**
 * The reconciliation poller searches orders every round, but lists the buyers' requests waiting
 * for the seller at most once a second (REQUESTS_EVERY_MS): a lost order costs stock within a
 * fraction of a second, a request waits days for a decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANCEL_SEARCH, RETURN_SEARCH } from '../tiktok/aftersale-api.ts';
import { ORDER_SEARCH } from '../tiktok/order-api.ts';
import { REQUESTS_EVERY_MS } from '../intake/reconciliation-poller.ts';
import { eventually, startPair, type Pair } from './fixtures/pair.ts';

let p: Pair;
beforeAll(async () => {
  p = await startPair({ seed: 'poll-cadence', skus: 4 }, { pollIntervalMs: 100 });
});
afterAll(async () => {
  await p?.close();
});

const callsOf = async (endpoint: string): Promise<number> => (await p.ctl('GET', '/__mock/stats')).endpoints[endpoint]?.calls ?? 0;

describe('poll cadence', () => {
  it('searches orders every round and lists buyers’ requests at most once a second', async () => {
    const shops = p.catalog.shops.length;
    const started = Date.now();
    const orders0 = await callsOf(ORDER_SEARCH);
    const cancels0 = await callsOf(CANCEL_SEARCH);
    const returns0 = await callsOf(RETURN_SEARCH);
    // Eight rounds of order searches in every shop, however long this machine takes for them.
    await eventually('eight poll rounds', async () => (await callsOf(ORDER_SEARCH)) - orders0 >= 8 * shops, 30_000);
    const elapsed = Date.now() - started;
    const listings = Math.floor(elapsed / REQUESTS_EVERY_MS) + 2; // one per second, plus the round in flight at each end
    expect((await callsOf(CANCEL_SEARCH)) - cancels0).toBeLessThanOrEqual(listings * shops);
    expect((await callsOf(RETURN_SEARCH)) - returns0).toBeLessThanOrEqual(listings * shops);
    expect((await callsOf(CANCEL_SEARCH)) - cancels0, 'requests are still listed').toBeGreaterThan(0);
  });
});
