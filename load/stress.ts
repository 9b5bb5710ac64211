/**
 * stress — step the order rate up until a standard breaks. Each step holds long enough for
 * lags to settle; the harness reads every standard's per-second figures and reports the first
 * to break and the order rate offered when it did (src/harness/breaking-point.ts).
 *
 * The live SKUs are stocked deep in setup (STRESS_STOCK per SKU × warehouse, default 20,000)
 * so that orders keep being accepted and allocated at every step rather than selling out.
 *
 * Env: MOCK_URL, STACK_URL, SCALE, START_RATE, STEP_RATE, STEPS, STEP_S, STOCK_RATE, SHIP_RATE,
 * STRESS_STOCK, LIVE_SKUS.
 */
import type { Options } from 'k6/options';
import { envNumber, scaled } from './lib/env.ts';
import { rampingArrivals, receivingScenario, setupFromEnv, warehouseScenario } from './lib/scenario-parts.ts';

import { stockLiveSkus, type SetupData } from './lib/traffic.ts';

export { buyers, receivingDock, warehouseFloor } from './lib/traffic.ts';

const START = scaled(envNumber('START_RATE', 100));
const STEP = scaled(envNumber('STEP_RATE', 300));
const STEPS = Math.max(1, Math.round(envNumber('STEPS', 7, 1)));
const STEP_S = envNumber('STEP_S', 20, 5);
const TOTAL = STEPS * STEP_S;

/** Step i runs at START + i·STEP orders/s for STEP_S seconds, the first 2 s ramping into it. */
const rates = Array.from({ length: STEPS }, (_, i) => START + i * STEP);

export const options: Options = {
  setupTimeout: '60s',
  scenarios: {
    buyers: rampingArrivals(
      'buyers',
      START,
      rates[rates.length - 1] as number,
      rates.flatMap((rate) => [
        { duration: '2s', target: rate },
        { duration: `${STEP_S - 2}s`, target: rate },
      ]),
    ),
    receiving: receivingScenario(10, TOTAL),
    warehouse: warehouseScenario(TOTAL),
  },
};

export async function setup(): Promise<SetupData> {
  const data = await setupFromEnv();
  await stockLiveSkus(data, envNumber('STRESS_STOCK', 20_000, 1));
  return data;
}
