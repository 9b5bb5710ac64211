/**
 * The options both iteration-count executors take (per-vu-iterations, shared-iterations):
 * `vus` (default 1), `iterations` (default 1) and `maxDuration` (default 10m, at least 1s), as
 * k6 defines them. Each executor adds its own checks on the reader.
 */
import { FieldReader, type BaseScenarioConfig } from './base-executor.ts';

export interface IterationsConfig extends BaseScenarioConfig {
  vus: number;
  iterations: number;
  maxDurationMs: number;
}

export function readIterationsConfig(name: string, raw: Readonly<Record<string, unknown>>): { config: IterationsConfig; reader: FieldReader } {
  const reader = new FieldReader(name, raw, ['vus', 'iterations', 'maxDuration']);
  const config = {
    ...reader.base(),
    vus: reader.int('vus', 1, 1),
    iterations: reader.int('iterations', 1, 1),
    maxDurationMs: reader.duration('maxDuration', 600_000, 1000),
  };
  return { config, reader };
}
