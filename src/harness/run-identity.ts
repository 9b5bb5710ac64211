/**
 * What a run result says about the run before any figure: scenario, seed, scale, the resolved
 * configuration, versions and machine. The final result and every live frame share it.
 */
import * as os from 'node:os';
import { readFileSync } from 'node:fs';
import type { RunMeasurements } from '../results/run-result.ts';
import type { Standards } from '../standards/standard.ts';
import type { HarnessConfig } from './harness-config.ts';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** How the run's platform figures are windowed (shown with the run's configuration). */
const PLATFORM_STATS_WINDOW =
  "this run's window only: the mock's counters read when the load started are subtracted; orders placed before it are left out of reconciliation; nothing on the mock is reset";

export type RunIdentity = Pick<RunMeasurements, 'scenario' | 'seed' | 'scale' | 'config' | 'versions' | 'machine' | 'series_interval_ms'>;

export function runIdentity(cfg: HarnessConfig, standards: Standards, seriesIntervalMs: number): RunIdentity {
  return {
    scenario: cfg.scenario,
    seed: Number(cfg.seed),
    scale: cfg.scale,
    config: {
      scenario: cfg.scenario,
      scale: cfg.scale,
      seed: cfg.seed,
      env: cfg.env,
      catalog: cfg.catalog,
      initial_stock: cfg.initialStock,
      ...(cfg.accessTokenS === undefined ? {} : { access_lifetime_s: cfg.accessTokenS }),
      mock_url: cfg.mockUrl ?? 'embedded',
      platform_stats: PLATFORM_STATS_WINDOW,
      stack_url: cfg.platformOnly ? 'none: platform only (your connector, your ERP unreached)' : cfg.stackUrl ?? (cfg.erpAdapter ? `erp-shim over ${cfg.erpAdapter.spec}` : 'embedded reference stack'),
      ...(cfg.platformOnly ? { platform_only: true } : {}),
      drain_timeout_ms: cfg.drainTimeoutMs,
      workers: cfg.workers ?? 1,
    },
    versions: { peakday: PACKAGE.version, node: process.version, standards: `${standards.version} (${standards.source})` },
    machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? 'unknown', memory_bytes: os.totalmem(), os: `${os.platform()} ${os.release()} ${os.arch()}` },
    series_interval_ms: seriesIntervalMs,
  };
}
