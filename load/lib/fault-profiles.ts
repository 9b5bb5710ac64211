/**
 * Platform fault profiles for the chaos scenario, in the mock's fault spec format
 * (mocks/README.md, "Faults, rate limits and webhooks"). FAULTS picks one kind alone or `all`.
 * The storm is set in setup() and lifted in teardown(), so the drain that follows measures
 * recovery: accuracy must be 100% once the platform behaves again.
 *
 * `slow-inventory` is not part of `all`: it is one endpoint answering seconds late on every
 * call, a test of the stack's bulkheads (order intake and shipment sync must not queue behind
 * the pushes), where `all` is the platform's every misbehaviour at the odds it has them.
 */

/** How late the platform answers every inventory push under `slow-inventory`. */
export const SLOW_INVENTORY_MS = 4000;

const PROFILES = {
  throttle: { throttle: { periodMs: 15_000, durationMs: 3_000, share: 1 } },
  errors: { errors: { share: 0.05, status: 500 } },
  slow: { latency: { kind: 'lognormal', medianMs: 40, p99Ms: 1500 } },
  hangs: { hangs: { share: 0.005, ms: 15_000 } },
  'webhook-drop': { webhooks: { drop: 0.05 } },
  'webhook-duplicate': { webhooks: { duplicate: 0.1 } },
  'webhook-reorder': { webhooks: { reorder: 0.1, reorderHoldMs: 1000 } },
  'webhook-delay': { webhooks: { delay: { share: 0.2, kind: 'uniform', minMs: 200, maxMs: 2000 } } },
  'slow-inventory': { latency: { kind: 'fixed', ms: SLOW_INVENTORY_MS, endpoints: ['POST /product/202309/products/{product_id}/inventory/update'] } },
} as const;

export type FaultKind = keyof typeof PROFILES;
export const FAULT_KINDS = Object.keys(PROFILES) as FaultKind[];

/** The fault spec for one kind, or every kind together for `all`. */
export function faultSpec(kind: string): Record<string, unknown> {
  if (kind === 'all') {
    const webhooks = Object.assign(
      {},
      PROFILES['webhook-drop'].webhooks,
      PROFILES['webhook-duplicate'].webhooks,
      PROFILES['webhook-reorder'].webhooks,
      PROFILES['webhook-delay'].webhooks,
    );
    return { ...PROFILES.throttle, ...PROFILES.errors, ...PROFILES.slow, ...PROFILES.hangs, webhooks };
  }
  const p = (PROFILES as Record<string, object>)[kind];
  if (!p) throw new Error(`env FAULTS must be "all" or one of ${FAULT_KINDS.join(', ')}, got "${kind}"`);
  return { ...p };
}
