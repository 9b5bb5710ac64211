/**
 * Event family: a shop's webhook subscriptions, one address per event type. The mock emits the
 * ERP-scope events (webhook-notification.ts lists them with their type ids); subscribing to
 * another of TikTok's event types (chat, creators...) is refused rather than silently never
 * delivered.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { parseObject, str } from '../validate.ts';
import { EVENT_TYPE_IDS, WebhookAddressError, type EventType } from '../webhooks/webhook-dispatcher.ts';
import { at, type EndpointTable } from './route-table.ts';

const EVENT_TYPES = Object.keys(EVENT_TYPE_IDS) as EventType[];

function eventType(v: unknown): EventType {
  const t = str(v, 'event_type');
  if (!(EVENT_TYPES as string[]).includes(t)) throw new TikTokError('INVALID_PARAM', `event_type: the mock emits ${EVENT_TYPES.join(', ')}; got ${JSON.stringify(t)}`);
  return t as EventType;
}

function shopId(c: Call): string {
  return (c.platform.catalog.shops[c.shop] as { id: string }).id;
}

function list(c: Call): unknown {
  const webhooks = EVENT_TYPES.flatMap((event_type) => {
    const address = c.platform.webhooks.subscription(shopId(c), event_type);
    return address === undefined ? [] : [{ event_type, address }];
  });
  return { webhooks, total_count: webhooks.length };
}

function put(c: Call): unknown {
  const body = parseObject(c.body);
  const type = eventType(body.event_type);
  const address = str(body.address, 'address');
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new TikTokError('INVALID_PARAM', `address: not a URL: ${JSON.stringify(address)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TikTokError('INVALID_PARAM', 'address: expected an http(s) URL');
  try {
    c.platform.webhooks.subscribe(shopId(c), address, type);
  } catch (err) {
    if (err instanceof WebhookAddressError) throw new TikTokError('INVALID_PARAM', err.message);
    throw err;
  }
  return {};
}

function remove(c: Call): unknown {
  c.platform.webhooks.subscribe(shopId(c), undefined, eventType(parseObject(c.body).event_type));
  return {};
}

const V = ['202309'];

export const eventRoutes: EndpointTable = [
  at('GET', '/event/{version}/webhooks', V, 'reads webhook subscriptions', list),
  at('PUT', '/event/{version}/webhooks', V, 'changes webhook subscriptions', put),
  at('DELETE', '/event/{version}/webhooks', V, 'changes webhook subscriptions', remove),
];
