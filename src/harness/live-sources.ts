/**
 * The harness's side of the live view (src/live/): where a frame's figures come from while the
 * run goes on — the runtime's registry, the process monitor, and both ledgers read for the lags.
 */
import type { LiveProgress } from '../report/live-progress.ts';
import type { LiveSources } from '../live/live-result.ts';
import type { MetricsRegistry } from '../runtime/metrics/registry.ts';
import type { Standards } from '../standards/standard.ts';
import { collectFigures } from './collect-figures.ts';
import type { ErpView } from './erp-view.ts';
import { collectPlatformOnly } from './platform-only-figures.ts';
import type { MockCatalog, MockStats, PlatformView } from './platform-view.ts';
import type { ProcessMonitor } from './process-monitor.ts';
import { toProcessStats } from './process-stats.ts';
import type { RunIdentity } from './run-identity.ts';
import { metricsSoFar, rateMetric } from './run-metrics.ts';

export interface HarnessLiveParts {
  identity: RunIdentity;
  standards: Standards;
  startedAt: number;
  monitor: ProcessMonitor;
  platform: PlatformView;
  /** Absent in a platform-only run. */
  erp: ErpView | undefined;
  catalog: MockCatalog;
  /** The mock's statistics when the load started. */
  statsBaseline: MockStats;
  /** The in-process runtime's registry once it exists; with --workers there is none live. */
  registry(): MetricsRegistry | undefined;
  stage(): LiveProgress['stage'];
}

export function harnessLiveSources(h: HarnessLiveParts): LiveSources {
  return {
    identity: h.identity,
    startedAt: h.startedAt,
    standards: h.standards,
    stage: h.stage,
    metrics: (elapsedMs) => {
      const r = h.registry();
      return r ? metricsSoFar(r, h.startedAt, elapsedMs) : {};
    },
    processes: () => h.monitor.current().map(toProcessStats(h.startedAt)),
    platform: async () => {
      const opts = { startedAt: h.startedAt, intervalMs: h.identity.series_interval_ms, baseline: h.statsBaseline };
      // a platform-only run has no ERP to read: the platform's own figures (the declared stock is not drawn live)
      const f = h.erp
        ? await collectFigures(h.platform, h.erp, h.catalog, { ...opts, withStock: false })
        : await collectPlatformOnly(h.platform, { ...opts, declaredStock: 0 });
      return {
        lags: f.lags,
        metrics: {
          platform_call_success: rateMetric(f.platformCalls.passes, f.platformCalls.fails),
          webhook_acked_within_3s: rateMetric(f.webhookAckedWithin3s.passes, f.webhookAckedWithin3s.fails),
        },
        faults: f.faults,
      };
    },
  };
}
