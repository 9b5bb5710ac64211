/** Logistics family: warehouses, a warehouse's delivery options, and their shipping providers. */
import { TikTokError } from '../errors.ts';
import { DELIVERY_OPTIONS, SHIPPING_PROVIDERS } from '../state/catalog.ts';
import type { RouteTable } from './route-table.ts';

export const logisticsRoutes: RouteTable = [
  ['GET', '/logistics/202309/warehouses', { kind: 'api', handle: (c) => ({ warehouses: c.platform.catalog.warehouses }) }],
  [
    'GET',
    '/logistics/202309/warehouses/{warehouse_id}/delivery_options',
    {
      kind: 'api',
      handle: (c) => {
        if (!c.platform.catalog.warehouseIndex.has(c.params.warehouse_id as string)) {
          throw new TikTokError('WAREHOUSE_NOT_FOUND', `warehouse ${c.params.warehouse_id}`);
        }
        return { delivery_options: DELIVERY_OPTIONS.map((d) => ({ id: d.id, name: d.name, type: d.type, platform: ['TIKTOK_SHOP'] })) };
      },
    },
  ],
  [
    'GET',
    '/logistics/202309/delivery_options/{delivery_option_id}/shipping_providers',
    {
      kind: 'api',
      handle: (c) => {
        if (!DELIVERY_OPTIONS.some((d) => d.id === c.params.delivery_option_id)) {
          throw new TikTokError('NOT_FOUND', `delivery option ${c.params.delivery_option_id} does not exist`);
        }
        return { shipping_providers: SHIPPING_PROVIDERS };
      },
    },
  ],
];
