import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_STANDARDS_PATH, loadStandards, readStandardsFile } from '../load-standards.ts';
import { validateStandardsFile } from '../validate-standards.ts';

const raw = JSON.parse(readFileSync(DEFAULT_STANDARDS_PATH, 'utf8')) as unknown;

describe('default-standards.json', () => {
  it('is a valid, complete standards file', () => {
    expect(validateStandardsFile(raw)).toEqual([]);
    expect(readStandardsFile().version).toBe('1');
  });

  it.each([
    ['webhook-ack-p99', 'webhook_ack_duration', 'p(99)', '<=', 500],
    ['webhook-acked-within-3s', 'webhook_acked_within_3s', 'rate', '>=', 1],
    ['inventory-sync-lag-p95', 'inventory_sync_lag', 'p(95)', '<=', 1000],
    ['inventory-sync-lag-p99', 'inventory_sync_lag', 'p(99)', '<=', 3000],
    ['order-ingest-lag-p99', 'order_ingest_lag', 'p(99)', '<=', 5000],
    ['shipment-sync-lag-p99', 'shipment_sync_lag', 'p(99)', '<=', 5000],
    ['erp-api-p99', 'erp_req_duration', 'p(99)', '<=', 200],
    ['platform-call-success', 'platform_call_success', 'rate', '>=', 0.999],
  ])('holds the issue limit for %s', (id, metric, stat, op, limit) => {
    const s = readStandardsFile().standards.find((x) => x.id === id);
    expect(s).toMatchObject({ kind: 'metric', metric, stat, op, limit });
  });

  it.each([
    ['inventory-converged', 'inventory_converged', '>=', 1],
    ['no-oversold-orders', 'oversold_orders', '<=', 0],
    ['no-lost-orders', 'lost_orders', '<=', 0],
    ['no-duplicate-allocations', 'duplicate_allocations', '<=', 0],
    ['no-duplicate-shipments', 'duplicate_shipments', '<=', 0],
    ['tracking-as-issued', 'tracking_as_issued', '>=', 1],
  ])('holds the accuracy check %s', (id, check, op, limit) => {
    expect(readStandardsFile().standards.find((x) => x.id === id)).toMatchObject({ kind: 'accuracy', check, op, limit });
  });

  it('grounds every limit, and says so when no platform number exists', () => {
    for (const s of readStandardsFile().standards) {
      expect(s.grounding.length, s.id).toBeGreaterThan(60);
      expect(s.measures.length, s.id).toBeGreaterThan(20);
    }
    const ungrounded = ['erp-api-p99', 'platform-call-success', 'inventory-sync-lag-p95', 'inventory-sync-lag-p99'];
    for (const id of ungrounded) {
      const g = readStandardsFile().standards.find((x) => x.id === id)?.grounding ?? '';
      expect(g, id).toMatch(/no published/i);
    }
  });

  it('has a trust section', () => {
    expect(loadStandards().trust).toEqual({
      dropped_iterations_max_share: 0.01,
      iteration_start_delay_p99_max_ms: 250,
      generator_cpu_saturated_percent: 90,
      generator_cpu_saturated_max_share: 0.2,
    });
  });

  it('is documented: the README table lists every standard with its limit', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const s of readStandardsFile().standards) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${s.id}\``));
      expect(row, `README row for ${s.id}`).toBeDefined();
    }
  });
});
