import { describe, expect, it } from 'vitest';
import { buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import { loadStandards } from '../../standards/load-standards.ts';
import { liveMeasure, type PlatformSoFar } from '../live-result.ts';

const full = buildRunResult({ durationSec: 30 });

describe('liveMeasure', () => {
  it('judges the run so far; accuracy waits for the end; the platform is read at its own pace', async () => {
    let clock = full.started_at + 1000;
    let reads = 0;
    const platform = async (): Promise<PlatformSoFar> => {
      reads++;
      return { lags: full.lags, metrics: { platform_call_success: full.metrics.platform_call_success! }, faults: { throttle: 3, error: 0 } };
    };
    const measure = liveMeasure({
      identity: { scenario: 'promo', seed: 1, scale: 1, config: {}, versions: full.versions, machine: full.machine, series_interval_ms: 1000 },
      startedAt: full.started_at,
      standards: loadStandards(),
      stage: () => 'load',
      metrics: () => structuredClone(full.metrics),
      processes: () => full.processes,
      platform,
      platformEveryMs: 5000,
      now: () => clock,
    });
    const first = await measure();
    expect(first?.progress).toEqual({ elapsed_ms: 1000, stage: 'load' });
    expect(reads).toBe(1);
    await new Promise((r) => setImmediate(r)); // the read lands
    clock += 1000;
    const second = await measure();
    expect(reads).toBe(1); // 1 s later: the last reading serves
    const r = second!.result;
    expect(r.lags.inventory_sync_lag?.count).toBe(full.lags.inventory_sync_lag?.count);
    expect(r.faults).toEqual({ total: 3, by_kind: { throttle: 3 } });
    const byKind = (kind: string) => r.standards.filter((j) => j.kind === kind && j.verdict !== 'disabled');
    expect(byKind('accuracy').every((j) => j.verdict === 'not-measured')).toBe(true);
    expect(byKind('metric').filter((j) => j.verdict === 'pass').length).toBeGreaterThan(3);
    clock += 5000;
    await measure();
    expect(reads).toBe(2);
  });

  it('keeps the last good platform reading when a read fails', async () => {
    let clock = full.started_at;
    let fail = false;
    const measure = liveMeasure({
      identity: { scenario: 'promo', seed: 1, scale: 1, config: {}, versions: full.versions, machine: full.machine, series_interval_ms: 1000 },
      startedAt: full.started_at,
      standards: loadStandards(),
      stage: () => 'drain',
      metrics: () => ({}),
      processes: () => [],
      platform: async () => {
        if (fail) throw new Error('the mock is busy');
        return { lags: full.lags, metrics: {}, faults: {} };
      },
      now: () => clock,
    });
    await measure();
    await new Promise((r) => setImmediate(r));
    fail = true;
    clock += 10_000;
    await measure();
    await new Promise((r) => setImmediate(r));
    const after = await measure();
    expect(after?.result.lags.order_ingest_lag?.count).toBe(full.lags.order_ingest_lag?.count);
    expect(after?.progress?.stage).toBe('drain');
  });
});
