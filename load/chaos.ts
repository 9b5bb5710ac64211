/**
 * chaos — the promo under platform faults: throttle storms, 5xx, slow answers, hangs, and
 * webhooks dropped, duplicated, reordered and delayed (FAULTS=all, or one kind alone; see
 * lib/fault-profiles.ts). The traffic is the promo's own; only the platform misbehaves.
 * Accuracy must still be 100% after drain.
 *
 * Env: everything promo takes, plus FAULTS (default all).
 */
import http from 'k6/http';
import { envString } from './lib/env.ts';
import { faultSpec } from './lib/fault-profiles.ts';
import type { SetupData } from './lib/traffic.ts';
import { setupFromEnv } from './lib/scenario-parts.ts';

export { buyers, options, receivingDock, returnsDesk, warehouseFloor } from './promo.ts';

const SPEC = faultSpec(envString('FAULTS', 'all'));

async function putFaults(mockUrl: string, spec: object): Promise<void> {
  const res = await http.put(`${mockUrl}/__mock/faults`, JSON.stringify(spec), {
    headers: { 'content-type': 'application/json' },
    tags: { name: 'mock faults' },
  });
  if (res.status !== 200) throw new Error(`the mock refused the fault spec: HTTP ${res.status} ${String(res.body)}`);
}

export async function setup(): Promise<SetupData> {
  const data = await setupFromEnv();
  await putFaults(data.mockUrl, SPEC);
  return data;
}

export async function teardown(data: SetupData): Promise<void> {
  await putFaults(data.mockUrl, {});
}
