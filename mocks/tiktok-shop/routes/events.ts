/**
 * Event family: a shop's webhook subscription. The mock emits ORDER_STATUS_CHANGE only, so
 * subscribing to another event type is refused rather than silently never delivered.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { parseObject, str } from '../validate.ts';
import { WebhookAddressError } from '../webhooks/webhook-dispatcher.ts';
import { at, type EndpointTable } from './route-table.ts';

const EVENT = 'ORDER_STATUS_CHANGE';

function eventType(v: unknown): string {
  const t = str(v, 'event_type');
  if (t !== EVENT) throw new TikTokError('INVALID_PARAM', `event_type: the mock emits ${EVENT} only, got ${JSON.stringify(t)}`);
  return t;
}

function shopId(c: Call): string {
  return (c.platform.catalog.shops[c.shop] as { id: string }).id;
}

function list(c: Call): unknown {
  const address = c.platform.webhooks.subscription(shopId(c));
  return { webhooks: address === undefined ? [] : [{ event_type: EVENT, address }], total_count: address === undefined ? 0 : 1 };
}

function put(c: Call): unknown {
  const body = parseObject(c.body);
  eventType(body.event_type);
  const address = str(body.address, 'address');
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new TikTokError('INVALID_PARAM', `address: not a URL: ${JSON.stringify(address)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TikTokError('INVALID_PARAM', 'address: expected an http(s) URL');
  try {
    c.platform.webhooks.subscribe(shopId(c), address);
  } catch (err) {
    if (err instanceof WebhookAddressError) throw new TikTokError('INVALID_PARAM', err.message);
    throw err;
  }
  return {};
}

function remove(c: Call): unknown {
  eventType(parseObject(c.body).event_type);
  c.platform.webhooks.subscribe(shopId(c), undefined);
  return {};
}

const V = ['202309'];

export const eventRoutes: EndpointTable = [
  at('GET', '/event/{version}/webhooks', V, 'reads webhook subscriptions', list),
  at('PUT', '/event/{version}/webhooks', V, 'changes webhook subscriptions', put),
  at('DELETE', '/event/{version}/webhooks', V, 'changes webhook subscriptions', remove),
];
