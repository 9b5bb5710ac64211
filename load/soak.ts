/**
 * soak — moderate steady load for long, watching drift: of latencies, lags and each
 * process's memory and event-loop delay (the harness samples them and fits slopes).
 * Scaled down by default (SOAK_S=120); the long soak is `-e SOAK_S=3600`.
 *
 * Env: MOCK_URL, STACK_URL, SCALE, SOAK_S, ORDER_RATE, STOCK_RATE.
 */
import type { Options } from 'k6/options';
import { fetchCatalog } from './lib/catalog.ts';
import { envNumber, envString, scaled } from './lib/env.ts';
import { buyer, receiving, warehouse, type SetupData } from './lib/traffic.ts';

const SOAK_S = envNumber('SOAK_S', 120, 10);

export const options: Options = {
  setupTimeout: '60s',
  scenarios: {
    buyers: {
      executor: 'constant-arrival-rate',
      exec: 'buyers',
      rate: scaled(envNumber('ORDER_RATE', 60)),
      timeUnit: '1s',
      duration: `${SOAK_S}s`,
      preAllocatedVUs: 20,
      maxVUs: 200,
    },
    receiving: {
      executor: 'constant-arrival-rate',
      exec: 'receivingDock',
      rate: scaled(envNumber('STOCK_RATE', 30)),
      timeUnit: '1s',
      duration: `${SOAK_S}s`,
      preAllocatedVUs: 50,
      maxVUs: 200,
    },
    warehouse: { executor: 'constant-vus', exec: 'warehouseFloor', vus: 1, duration: `${SOAK_S}s` },
  },
};

export async function setup(): Promise<SetupData> {
  const mockUrl = envString('MOCK_URL');
  return { mockUrl, stackUrl: envString('STACK_URL'), catalog: await fetchCatalog(mockUrl) };
}

export const buyers = buyer;
export const receivingDock = receiving;
export const warehouseFloor = warehouse;
