/**
 * stock-burst — bursts of stock writes under steady orders: a mass import and stock-takes
 * land while buyers keep ordering. What breaks here is coalescing (a burst to one SKU must
 * become one push with the latest quantity) and the platform's rate limit.
 *
 * Env: MOCK_URL, STACK_URL, SCALE, ORDER_RATE, BURST_RATE, BURSTS, BURST_S, GAP_S,
 * STOCKTAKES, STOCKTAKE_LINES.
 */
import type { Options } from 'k6/options';
import { fetchCatalog } from './lib/catalog.ts';
import { envNumber, envString, scaled } from './lib/env.ts';
import { buyer, receiving, stocktake, warehouse, type SetupData } from './lib/traffic.ts';

const ORDER_RATE = scaled(envNumber('ORDER_RATE', 50));
const BURST_RATE = scaled(envNumber('BURST_RATE', 1000));
const BURSTS = Math.max(1, Math.round(envNumber('BURSTS', 3, 1)));
const BURST_S = envNumber('BURST_S', 10, 1);
const GAP_S = envNumber('GAP_S', 20, 1);
const TOTAL = GAP_S + BURSTS * (BURST_S + GAP_S);

const burstStages: { duration: string; target: number }[] = [{ duration: `${GAP_S}s`, target: 0 }];
for (let i = 0; i < BURSTS; i++) {
  burstStages.push({ duration: '1s', target: BURST_RATE });
  burstStages.push({ duration: `${BURST_S - 1}s`, target: BURST_RATE });
  burstStages.push({ duration: '1s', target: 0 });
  burstStages.push({ duration: `${GAP_S - 1}s`, target: 0 });
}

export const options: Options = {
  setupTimeout: '60s',
  scenarios: {
    buyers: {
      executor: 'constant-arrival-rate',
      exec: 'buyers',
      rate: ORDER_RATE,
      timeUnit: '1s',
      duration: `${TOTAL}s`,
      preAllocatedVUs: 20,
      maxVUs: 200,
    },
    bursts: {
      executor: 'ramping-arrival-rate',
      exec: 'receivingDock',
      startRate: 0,
      timeUnit: '1s',
      preAllocatedVUs: Math.max(20, Math.ceil(BURST_RATE / 20)),
      maxVUs: Math.max(200, BURST_RATE),
      stages: burstStages,
    },
    stocktakes: {
      executor: 'per-vu-iterations',
      exec: 'stocktakes',
      vus: 1,
      iterations: Math.max(1, Math.round(envNumber('STOCKTAKES', 2, 1))),
      startTime: `${GAP_S + BURST_S + Math.floor(GAP_S / 2)}s`,
      maxDuration: `${TOTAL}s`,
    },
    warehouse: { executor: 'constant-vus', exec: 'warehouseFloor', vus: 1, duration: `${TOTAL}s` },
  },
};

export async function setup(): Promise<SetupData> {
  const mockUrl = envString('MOCK_URL');
  return { mockUrl, stackUrl: envString('STACK_URL'), catalog: await fetchCatalog(mockUrl) };
}

export const buyers = buyer;
export const receivingDock = receiving;
export const stocktakes = stocktake;
export const warehouseFloor = warehouse;
