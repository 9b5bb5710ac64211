/**
 * stock-burst — bursts of stock writes under steady orders: a mass import and stock-takes
 * land while buyers keep ordering. What breaks here is coalescing (a burst to one SKU must
 * become one push with the latest quantity) and the platform's rate limit.
 *
 * Env: MOCK_URL, STACK_URL, SCALE, ORDER_RATE, BURST_RATE, BURSTS, BURST_S, GAP_S,
 * STOCKTAKES, STOCKTAKE_LINES.
 */
import type { Options } from 'k6/options';
import { envNumber, scaled } from './lib/env.ts';
import { rampingArrivals, setupFromEnv, steadyArrivals, warehouseScenario } from './lib/scenario-parts.ts';

export { buyers, receivingDock, stocktakes, warehouseFloor } from './lib/traffic.ts';

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
    buyers: steadyArrivals('buyers', ORDER_RATE, TOTAL),
    bursts: rampingArrivals('receivingDock', 0, BURST_RATE, burstStages),
    stocktakes: {
      executor: 'per-vu-iterations',
      exec: 'stocktakes',
      vus: 1,
      iterations: Math.max(1, Math.round(envNumber('STOCKTAKES', 2, 1))),
      startTime: `${GAP_S + BURST_S + Math.floor(GAP_S / 2)}s`,
      maxDuration: `${TOTAL}s`,
    },
    warehouse: warehouseScenario(TOTAL),
  },
};

export const setup = setupFromEnv;
