/**
 * How each scenario is driven at a given order rate for a capacity probe: the scenario's
 * nominal order rate at SCALE=1 (so SCALE = rate / nominal carries its stock writes and
 * shipments along in the scenario's own mix) and a fixed short shape through its env params.
 * Only scenarios whose orders run at one settable rate can be probed; stress is itself a
 * search, stock-burst is about stock writes, certify has no rate.
 */

export interface ProbeShape {
  scenario: string;
  /** Orders per second the scenario runs at (its peak) with SCALE=1. */
  nominalOrdersPerS: number;
  /** The env that makes one short probe: hold the rate `holdS` seconds. */
  env(holdS: number): Record<string, string>;
  describe(holdS: number): string;
}

// promo at SCALE 1: buyers ramp 20 -> 300 orders/s, stock writes 50/s, one warehouse walker.
const promoLike = (scenario: string): ProbeShape => ({
  scenario,
  nominalOrdersPerS: 300,
  env: (holdS) => ({ BASE_RATE: '20', PEAK_RATE: '300', BASELINE_S: '2', RAMP_S: '2', HOLD_S: String(holdS), DROP_S: '1', TAIL_S: '1' }),
  describe: (holdS) => `${scenario}: 2 s at the base rate, a 2 s ramp, ${holdS} s at the probed rate, 2 s down; stock writes 1/6 of the order rate`,
});

export const PROBE_SHAPES: Readonly<Record<string, ProbeShape>> = {
  promo: promoLike('promo'),
  chaos: promoLike('chaos'),
  soak: {
    scenario: 'soak',
    nominalOrdersPerS: 60,
    env: (holdS) => ({ ORDER_RATE: '60', STOCK_RATE: '30', SOAK_S: String(Math.max(10, holdS)) }),
    describe: (holdS) => `soak: ${Math.max(10, holdS)} s steady at the probed rate; stock writes half the order rate`,
  },
};

/** SCALE for an order rate (the harness accepts 0.001..1000). */
export function scaleFor(shape: ProbeShape, ordersPerS: number): number {
  return Number((ordersPerS / shape.nominalOrdersPerS).toPrecision(6));
}
