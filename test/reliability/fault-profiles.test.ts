/**
 * The chaos scenario's fault profiles (load/lib/fault-profiles.ts) as the mock reads them: every
 * kind, and `all`, is a spec the mock accepts, and `slow-inventory` slows inventory pushes and
 * nothing else (a pattern that missed would leave the case testing nothing; one that also
 * caught order or shipment calls would slow what the case says must stay fast).
 */
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, SLOW_INVENTORY_MS, faultSpec } from '../../load/lib/fault-profiles.ts';
import { compileFaultSpec } from '../../mocks/tiktok-shop/faults/fault-spec.ts';
import { buildRouter } from '../../mocks/tiktok-shop/server.ts';

const router = buildRouter();
function routeKey(method: string, path: string): string {
  const m = router.match(method, path);
  if (m.kind !== 'found') throw new Error(`the mock has no route for ${method} ${path}`);
  return m.route.key;
}

describe('chaos fault profiles', () => {
  for (const kind of ['all', ...FAULT_KINDS]) {
    it(`FAULTS=${kind} is a fault spec the mock accepts`, () => {
      expect(compileFaultSpec(faultSpec(kind)).problems).toEqual([]);
    });
  }

  it('slow-inventory delays every inventory push by its delay, and no other call', () => {
    const spec = compileFaultSpec(faultSpec('slow-inventory')).spec!;
    expect(spec.latency).toHaveLength(1);
    const [slow] = spec.latency;
    expect(slow!.dist).toEqual({ kind: 'fixed', ms: SLOW_INVENTORY_MS });
    expect(slow!.share).toBe(1);
    expect(slow!.match!(routeKey('POST', '/product/202309/products/1729/inventory/update'))).toBe(true);
    const others: [string, string][] = [
      ['POST', '/product/202309/inventory/search'],
      ['GET', '/product/202309/products/1729'],
      ['POST', '/order/202309/orders/search'],
      ['GET', '/order/202309/orders'],
      ['POST', '/fulfillment/202309/orders/5761/packages'],
      ['GET', '/fulfillment/202309/packages/88'],
    ];
    for (const [method, path] of others) expect(slow!.match!(routeKey(method, path)), `${method} ${path}`).toBe(false);
    expect([spec.errors, spec.throttle, spec.hangs]).toEqual([[], [], []]);
  });

  it('FAULTS=all leaves slow-inventory out', () => {
    const all = compileFaultSpec(faultSpec('all')).spec!;
    expect(all.latency.every((l) => l.match === null && l.dist.kind === 'lognormal')).toBe(true);
  });
});
