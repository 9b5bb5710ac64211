/**
 * The scenario blocks every big-sale scenario is assembled from (their `exec` names are the
 * traffic functions of traffic.ts, which each scenario re-exports), and the one setup() they
 * share: a scenario file only says its shape (rates, stages, durations), never how a buyer,
 * the receiving dock or the warehouse is set up.
 */
import type { Scenario } from 'k6/options';
import { fetchCatalog } from './catalog.ts';
import { envNumber, envString, scaled } from './env.ts';
import type { SetupData } from './traffic.ts';

/**
 * A platform-only run (the harness's `--platform-only` sets PLATFORM_ONLY=1): the seller's
 * connector talks to the platform and their ERP is out of reach, so only the buyers run.
 */
export const PLATFORM_ONLY = __ENV.PLATFORM_ONLY === '1';

/** Reads the catalog from the mock: the harness passes MOCK_URL and STACK_URL (no STACK_URL in a platform-only run). */
export async function setupFromEnv(): Promise<SetupData> {
  const mockUrl = envString('MOCK_URL');
  return { mockUrl, stackUrl: PLATFORM_ONLY ? '' : envString('STACK_URL'), catalog: await fetchCatalog(mockUrl) };
}

/** The scenarios that drive the ERP (receiving dock, warehouse): none in a platform-only run. */
export function erpSide(parts: Record<string, Scenario>): Record<string, Scenario> {
  return PLATFORM_ONLY ? {} : parts;
}

/** VUs for an arrival rate: a second's worth preallocated, three seconds' at most. */
function vusFor(rate: number) {
  return { preAllocatedVUs: Math.max(20, rate), maxVUs: Math.max(200, rate * 3) };
}

/** `exec` iterations at a steady rate (per second, already scaled). */
export function steadyArrivals(exec: string, rate: number, durationS: number): Scenario {
  return { executor: 'constant-arrival-rate', exec, rate, timeUnit: '1s', duration: `${durationS}s`, ...vusFor(rate) };
}

/** `exec` iterations following stages of per-second rates (already scaled); `peak` sizes the VU pool. */
export function rampingArrivals(exec: string, startRate: number, peak: number, stages: { duration: string; target: number }[]): Scenario {
  return { executor: 'ramping-arrival-rate', exec, startRate, timeUnit: '1s', stages, ...vusFor(peak) };
}

/** The receiving dock: STOCK_RATE stock writes/s (default given), scaled. */
export function receivingScenario(defaultRate: number, durationS: number): Scenario {
  return steadyArrivals('receivingDock', scaled(envNumber('STOCK_RATE', defaultRate)), durationS);
}

/** The buyers' returns: one VU returning a share of what was shipped (see aftersales.ts). */
export function returnsScenario(durationS: number): Scenario {
  return { executor: 'constant-vus', exec: 'returnsDesk', vus: 1, duration: `${durationS}s` };
}

/** The warehouse floor: one VU shipping at SHIP_RATE (see traffic.ts). */
export function warehouseScenario(durationS: number): Scenario {
  return { executor: 'constant-vus', exec: 'warehouseFloor', vus: 1, duration: `${durationS}s` };
}
