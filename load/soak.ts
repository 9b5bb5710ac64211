/**
 * soak — moderate steady load for long, watching drift: of latencies, lags and each
 * process's memory (the report draws them over time; the harness samples every process).
 * Scaled down by default (SOAK_S=120); the long soak is `-e SOAK_S=3600`.
 *
 * Env: MOCK_URL, STACK_URL, SCALE, SOAK_S, ORDER_RATE, STOCK_RATE, SHIP_RATE.
 */
import type { Options } from 'k6/options';
import { envNumber, scaled } from './lib/env.ts';
import { erpSide, receivingScenario, setupFromEnv, steadyArrivals, warehouseScenario } from './lib/scenario-parts.ts';

export { buyers, receivingDock, warehouseFloor } from './lib/traffic.ts';

const SOAK_S = envNumber('SOAK_S', 120, 10);

export const options: Options = {
  setupTimeout: '60s',
  scenarios: {
    buyers: steadyArrivals('buyers', scaled(envNumber('ORDER_RATE', 60)), SOAK_S),
    ...erpSide({ receiving: receivingScenario(30, SOAK_S), warehouse: warehouseScenario(SOAK_S) }),
  },
};

export const setup = setupFromEnv;
