/** Logistics family: warehouses, a warehouse's delivery options, and their shipping providers. */
import { TikTokError } from '../errors.ts';
import { DELIVERY_OPTIONS, SHIPPING_PROVIDERS } from '../state/catalog.ts';
import { optEnum } from '../validate.ts';
import { at, type EndpointTable } from './route-table.ts';

const V = ['202309'];

export const logisticsRoutes: EndpointTable = [
  at('GET', '/logistics/{version}/warehouses', V, 'reads warehouses', (c) => ({ warehouses: c.platform.catalog.warehouses })),
  at('GET', '/logistics/{version}/warehouses/{warehouse_id}/delivery_options', V, 'reads warehouses', (c) => {
    if (!c.platform.catalog.warehouseIndex.has(c.params.warehouse_id as string)) {
      throw new TikTokError('WAREHOUSE_NOT_FOUND', `warehouse ${c.params.warehouse_id}`);
    }
    optEnum(c.query.scope, 'scope', ['WAREHOUSE', 'PRODUCT']);
    return { delivery_options: DELIVERY_OPTIONS.map((d) => ({ id: d.id, name: d.name, type: d.type, platform: ['TIKTOK_SHOP'] })) };
  }),
  at('GET', '/logistics/{version}/delivery_options/{delivery_option_id}/shipping_providers', V, 'none (fixed list)', (c) => {
    if (!DELIVERY_OPTIONS.some((d) => d.id === c.params.delivery_option_id)) {
      throw new TikTokError('NOT_FOUND', `delivery option ${c.params.delivery_option_id} does not exist`);
    }
    return { shipping_providers: SHIPPING_PROVIDERS };
  }),
];
