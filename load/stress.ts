/**
 * stress — step the order rate up until a standard breaks. Each step holds long enough for
 * lags to settle; the harness reads every standard's per-second figures and reports the first
 * to break and the order rate offered when it did (src/harness/breaking-point.ts).
 *
 * Env: MOCK_URL, STACK_URL, SCALE, START_RATE, STEP_RATE, STEPS, STEP_S.
 */
import type { Options } from 'k6/options';
import { fetchCatalog } from './lib/catalog.ts';
import { envNumber, envString, scaled } from './lib/env.ts';
import { buyer, receiving, warehouse, type SetupData } from './lib/traffic.ts';

const START = scaled(envNumber('START_RATE', 100));
const STEP = scaled(envNumber('STEP_RATE', 150));
const STEPS = Math.max(1, Math.round(envNumber('STEPS', 6, 1)));
const STEP_S = envNumber('STEP_S', 20, 5);

/** Step i runs at START + i·STEP orders/s for STEP_S seconds (the first 2 s ramp into it). */
const steps = Array.from({ length: STEPS }, (_, i) => ({ rate: START + i * STEP }));
const TOTAL = STEPS * STEP_S;
const PEAK = START + (STEPS - 1) * STEP;

export const options: Options = {
  setupTimeout: '60s',
  scenarios: {
    buyers: {
      executor: 'ramping-arrival-rate',
      exec: 'buyers',
      startRate: START,
      timeUnit: '1s',
      preAllocatedVUs: Math.max(20, PEAK),
      maxVUs: Math.max(200, PEAK * 3),
      stages: steps.flatMap((s) => [
        { duration: '2s', target: s.rate },
        { duration: `${STEP_S - 2}s`, target: s.rate },
      ]),
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
    warehouse: { executor: 'constant-vus', exec: 'warehouseFloor', vus: 1, duration: `${TOTAL}s` },
  },
};

export async function setup(): Promise<SetupData> {
  const mockUrl = envString('MOCK_URL');
  return { mockUrl, stackUrl: envString('STACK_URL'), catalog: await fetchCatalog(mockUrl) };
}

export const buyers = buyer;
export const receivingDock = receiving;
export const warehouseFloor = warehouse;
