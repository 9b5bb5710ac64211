/**
 * What buyers do after ordering, on a big-sale day: a few cancel at once, a few ask the seller
 * to cancel, a few change the delivery address before shipment; later, a few of those who
 * received their parcel ask for a refund (and keep it) or a return (and ship it back). The
 * seller's side of each is the integration's job; the harness checks the outcome after drain.
 *
 * Env (shares of accepted orders, 0..1): CANCEL_SHARE (outright), CANCEL_REQUEST_SHARE,
 * ADDRESS_SHARE; of shipped orders: RETURN_SHARE, of which REFUND_ONLY_SHARE keep the item.
 */
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { envShare } from './env.ts';
import { listOrders } from './erp.ts';
import { cancelOrder, carrierCollects, changeAddress, requestCancel, requestReturn, shipBack } from './platform.ts';

/** What the buyers' side needs of the scenario's setup data (traffic.ts's SetupData has it). */
interface BuyerContext {
  mockUrl: string;
  stackUrl: string;
  catalog: { regions: readonly string[] };
}

const CANCEL_SHARE = envShare('CANCEL_SHARE', 0.02);
const CANCEL_REQUEST_SHARE = envShare('CANCEL_REQUEST_SHARE', 0.03);
const ADDRESS_SHARE = envShare('ADDRESS_SHARE', 0.02);
const RETURN_SHARE = envShare('RETURN_SHARE', 0.08);
const REFUND_ONLY_SHARE = envShare('REFUND_ONLY_SHARE', 0.3);

export const buyerRequests = new Counter('buyer_requests');

/** One buyer's move right after an accepted order: at most one of cancel, ask to cancel, change address. */
export async function afterOrder(data: BuyerContext, orderId: string): Promise<void> {
  const roll = Math.random();
  if (roll < CANCEL_SHARE) {
    if (await cancelOrder(data.mockUrl, orderId)) buyerRequests.add(1, { kind: 'cancel' });
  } else if (roll < CANCEL_SHARE + CANCEL_REQUEST_SHARE) {
    if (await requestCancel(data.mockUrl, orderId)) buyerRequests.add(1, { kind: 'cancel_request' });
  } else if (roll < CANCEL_SHARE + CANCEL_REQUEST_SHARE + ADDRESS_SHARE) {
    const region = data.catalog.regions[Math.floor(Math.random() * data.catalog.regions.length)] as string;
    if (await changeAddress(data.mockUrl, orderId, region)) buyerRequests.add(1, { kind: 'address' });
  }
}

/** A shipped order on its way to a return: each step is tried once per tick until the platform allows it. */
interface Returning {
  orderId: string;
  type: 'REFUND' | 'RETURN_AND_REFUND';
  returnId?: string;
  collected: boolean;
  tries: number;
}

// Like the warehouse, one VU walks the ERP's export with its own cursor, so no order is
// returned twice by the load itself.
const MAX_TRIES = 40;
const MAX_PER_TICK = 50;
const PAGE = 100;
let cursor = 0;
const returning: Returning[] = [];

/** Picks RETURN_SHARE of the orders the ERP has shipped since the last look. */
async function pickShipped(data: BuyerContext): Promise<void> {
  const page = await listOrders(data.stackUrl, cursor, PAGE);
  cursor = page.next;
  for (const o of page.orders) {
    if (o.status !== 'shipped' || Math.random() >= RETURN_SHARE) continue;
    returning.push({ orderId: o.order_id, type: Math.random() < REFUND_ONLY_SHARE ? 'REFUND' : 'RETURN_AND_REFUND', collected: false, tries: 0 });
  }
}

/** One step of one return; true when it is over (shipped back, kept, or given up). */
async function advance(data: BuyerContext, r: Returning): Promise<boolean> {
  r.tries++;
  if (!r.collected) r.collected = (await carrierCollects(data.mockUrl, r.orderId)) !== undefined;
  else if (r.returnId === undefined) {
    const asked = await requestReturn(data.mockUrl, r.orderId, r.type);
    if (asked) {
      buyerRequests.add(1, { kind: r.type === 'REFUND' ? 'refund' : 'return' });
      if (r.type === 'REFUND') return true;
      r.returnId = String(asked.return_id);
    }
  } else if (await shipBack(data.mockUrl, r.returnId)) return true;
  return r.tries >= MAX_TRIES;
}

/**
 * The returns desk of the buyers' side: one VU that lets the carrier collect a share of the
 * shipped orders, asks for their refund or return, and ships returns back once the seller
 * approved them. A step the platform refuses (the shipment not synced yet, the return not
 * approved yet) is tried again next tick, at most MAX_TRIES times.
 */
export async function returnsDesk(data: BuyerContext): Promise<void> {
  const tickS = 0.5;
  const started = Date.now();
  await pickShipped(data);
  const batch = returning.splice(0, MAX_PER_TICK);
  const done = await Promise.all(batch.map((r) => advance(data, r)));
  batch.forEach((r, i) => {
    if (!done[i]) returning.push(r);
  });
  const left = tickS - (Date.now() - started) / 1000;
  if (left > 0) await sleep(left);
}
