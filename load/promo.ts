/**
 * promo — a live-stream spike, the main job.
 *
 * Buyers order at a baseline rate; the host holds up a product and within seconds the rate
 * climbs to the peak, holds, then drops back. Hot SKUs follow a Zipf law, orders spread over
 * every shop selling the same stock, and the receiving dock and the warehouse keep working
 * alongside. Buyers cancel, ask to cancel, change addresses and return parcels
 * (lib/aftersales.ts): the seller's side of each is the integration's job. Defaults finish in about two minutes here; SCALE multiplies every rate.
 *
 * Env: MOCK_URL, STACK_URL (set by the harness), SCALE, BASE_RATE, PEAK_RATE, BASELINE_S,
 * RAMP_S, HOLD_S, DROP_S, TAIL_S, STOCK_RATE, SHIP_RATE, LIVE_SKUS, ZIPF_S, CANCEL_SHARE, CANCEL_REQUEST_SHARE,
 * ADDRESS_SHARE, RETURN_SHARE, REFUND_ONLY_SHARE.
 */
import type { Options } from 'k6/options';
import { envNumber, envSeconds, scaled } from './lib/env.ts';
import { erpSide, rampingArrivals, receivingScenario, returnsScenario, setupFromEnv, warehouseScenario } from './lib/scenario-parts.ts';

export { buyers, receivingDock, warehouseFloor } from './lib/traffic.ts';
export { returnsDesk } from './lib/aftersales.ts';

const BASE = scaled(envNumber('BASE_RATE', 20));
const PEAK = scaled(envNumber('PEAK_RATE', 200));
const PHASES = { BASELINE_S: 20, RAMP_S: 5, HOLD_S: 60, DROP_S: 5, TAIL_S: 15 };
const TOTAL = Object.entries(PHASES).reduce((sum, [k, d]) => sum + envNumber(k, d), 0);

export const options: Options = {
  setupTimeout: '60s',
  scenarios: {
    buyers: rampingArrivals('buyers', BASE, PEAK, [
      { duration: envSeconds('BASELINE_S', PHASES.BASELINE_S), target: BASE },
      { duration: envSeconds('RAMP_S', PHASES.RAMP_S), target: PEAK },
      { duration: envSeconds('HOLD_S', PHASES.HOLD_S), target: PEAK },
      { duration: envSeconds('DROP_S', PHASES.DROP_S), target: BASE },
      { duration: envSeconds('TAIL_S', PHASES.TAIL_S), target: BASE },
    ]),
    ...erpSide({ receiving: receivingScenario(10, TOTAL), warehouse: warehouseScenario(TOTAL), returns: returnsScenario(TOTAL) }),
  },
};

export const setup = setupFromEnv;
