/**
 * promo — a live-stream spike, the main job.
 *
 * Buyers order at a baseline rate; the host holds up a product and within seconds the rate
 * climbs to the peak, holds, then drops back. Hot SKUs follow a Zipf law, orders spread over
 * every shop selling the same stock, and the receiving dock and the warehouse keep working
 * alongside. Defaults finish in about two minutes here; SCALE multiplies every rate.
 *
 * Env: MOCK_URL, STACK_URL (set by the harness), SCALE, BASE_RATE, PEAK_RATE, BASELINE_S,
 * RAMP_S, HOLD_S, DROP_S, TAIL_S, STOCK_RATE, ZIPF_S, CANCEL_SHARE.
 */
import type { Options } from 'k6/options';
import { fetchCatalog } from './lib/catalog.ts';
import { envNumber, envSeconds, envString, scaled } from './lib/env.ts';
import { buyer, receiving, warehouse, type SetupData } from './lib/traffic.ts';

const BASE = scaled(envNumber('BASE_RATE', 20));
const PEAK = scaled(envNumber('PEAK_RATE', 300));
const BASELINE = envNumber('BASELINE_S', 20);
const RAMP = envNumber('RAMP_S', 5);
const HOLD = envNumber('HOLD_S', 60);
const DROP = envNumber('DROP_S', 5);
const TAIL = envNumber('TAIL_S', 15);
const TOTAL = BASELINE + RAMP + HOLD + DROP + TAIL;

export const options: Options = {
  setupTimeout: '60s',
  scenarios: {
    buyers: {
      executor: 'ramping-arrival-rate',
      exec: 'buyers',
      startRate: BASE,
      timeUnit: '1s',
      preAllocatedVUs: Math.max(20, PEAK),
      maxVUs: Math.max(200, PEAK * 3),
      stages: [
        { duration: envSeconds('BASELINE_S', BASELINE), target: BASE },
        { duration: envSeconds('RAMP_S', RAMP), target: PEAK },
        { duration: envSeconds('HOLD_S', HOLD), target: PEAK },
        { duration: envSeconds('DROP_S', DROP), target: BASE },
        { duration: envSeconds('TAIL_S', TAIL), target: BASE },
      ],
    },
    receiving: {
      executor: 'constant-arrival-rate',
      exec: 'receivingDock',
      rate: scaled(envNumber('STOCK_RATE', 50)),
      timeUnit: '1s',
      duration: `${TOTAL}s`,
      preAllocatedVUs: 50,
      maxVUs: 200,
    },
    warehouse: {
      executor: 'constant-vus',
      exec: 'warehouseFloor',
      vus: 1,
      duration: `${TOTAL}s`,
    },
  },
};

export async function setup(): Promise<SetupData> {
  const mockUrl = envString('MOCK_URL');
  return { mockUrl, stackUrl: envString('STACK_URL'), catalog: await fetchCatalog(mockUrl) };
}

export const buyers = buyer;
export const receivingDock = receiving;
export const warehouseFloor = warehouse;
