import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStandards } from '../load-standards.ts';
import { PLATFORM_ONLY_SOURCE, PLATFORM_ONLY_STANDARDS } from '../platform-only-standards.ts';

describe('platform-only standards', () => {
  it('judge what the platform sees and list every ERP-side standard as disabled, with its reason', () => {
    const s = loadStandards({ platformOnly: true });
    expect(s.standards.map((x) => x.id)).toEqual([
      'webhook-ack-p99', 'webhook-acked-within-3s', 'platform-call-success', 'calls-per-second-within-limit',
      'order-pickup-lag-p99', 'orders-read', 'retry-after-respected', 'stock-within-declared',
    ]);
    const all = loadStandards();
    expect(s.disabled).toHaveLength(all.standards.length - 4);
    for (const d of s.disabled) {
      expect(d.by).toBe(PLATFORM_ONLY_SOURCE);
      expect(d.reason.length, d.id).toBeGreaterThan(20);
    }
    expect(s.source).toMatch(/platform-only mode/);
  });

  it('are not part of an ordinary run', () => {
    const ids = loadStandards().standards.map((x) => x.id);
    for (const p of PLATFORM_ONLY_STANDARDS) expect(ids).not.toContain(p.id);
  });

  it('take an override like any other: a limit changed, one disabled by the user keeps their reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'po-standards-'));
    try {
      const file = join(dir, 'o.json');
      writeFileSync(file, JSON.stringify({
        version: '1',
        standards: [
          { id: 'order-pickup-lag-p99', limit: 10_000, reason: 'our connector polls every 5 s' },
          { id: 'inventory-sync-lag-p95', disabled: true, reason: 'ours' },
        ],
      }));
      const s = loadStandards({ platformOnly: true, overridePath: file });
      expect(s.standards.find((x) => x.id === 'order-pickup-lag-p99')?.limit).toBe(10_000);
      expect(s.disabled.find((x) => x.id === 'inventory-sync-lag-p95')).toMatchObject({ reason: 'ours' });
      expect(s.disabled.find((x) => x.id === 'inventory-sync-lag-p95')?.by).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
