/**
 * Everything that watches a run while it goes — the dashboard (`--dashboard`), the scrape
 * endpoint and the remote write (`--out`) — opened together before the run and closed together
 * after it. The harness feeds frames (`feed`), hands over the runtime's registry once it exists
 * (`attach`), and calls `close`, which pushes the final figures before anything stops.
 */
import type { MetricsRegistry } from '../runtime/metrics/registry.ts';
import { startDashboard, type Dashboard } from './dashboard-server.ts';
import { LiveFeed } from './live-feed.ts';
import { startScrapeEndpoint, type ScrapeEndpoint } from './metrics-out/openmetrics-server.ts';
import type { OutSpec } from './metrics-out/out-spec.ts';
import { shownUrl } from './metrics-out/out-spec.ts';
import { RemoteWriteOutput } from './metrics-out/remote-write-output.ts';
import { runFamilies } from './metrics-out/run-families.ts';
import { TaggedSeries } from './metrics-out/tagged-series.ts';

export interface LiveOutputOptions {
  /** `--dashboard [PORT]`: the port (0: any free one). Absent: no dashboard. */
  dashboardPort?: number;
  /** `--out prometheus=URL`, `--out openmetrics=PORT`. */
  outs?: readonly OutSpec[];
  /** Remote-write push interval (default 5 s). */
  pushIntervalMs?: number;
}

export interface LiveOutputs {
  feed: LiveFeed;
  dashboard?: Dashboard;
  scrape?: ScrapeEndpoint;
  /** Subscribes the metric outputs to the runtime's samples (k6's series by tag). */
  attach(registry: MetricsRegistry): void;
  close(): Promise<void>;
}

/** Opens the outputs asked for, or returns undefined when none was. */
export async function openLiveOutputs(opts: LiveOutputOptions, log: (line: string) => void): Promise<LiveOutputs | undefined> {
  const outs = opts.outs ?? [];
  if (opts.dashboardPort === undefined && outs.length === 0) return undefined;
  const feed = new LiveFeed();
  let tagged: TaggedSeries | undefined;
  const families = () => runFamilies(feed.latest, tagged);
  const closers: (() => Promise<void>)[] = [];
  const result: LiveOutputs = {
    feed,
    attach: (registry) => {
      if (!tagged && outs.length > 0) tagged = new TaggedSeries(registry);
    },
    close: async () => {
      feed.stop();
      for (const c of closers.reverse()) await c();
      tagged?.close();
    },
  };
  try {
    if (opts.dashboardPort !== undefined) {
      const dashboard = await startDashboard(feed, { port: opts.dashboardPort });
      result.dashboard = dashboard;
      closers.push(() => dashboard.close());
      log(`peakday: live dashboard on ${dashboard.url}`);
    }
    for (const o of outs) {
      if (o.kind === 'openmetrics') {
        const scrape = await startScrapeEndpoint(o.port, families);
        result.scrape = scrape;
        closers.push(() => scrape.close());
        log(`peakday: OpenMetrics scrape endpoint on ${scrape.url}`);
      } else {
        const rw = new RemoteWriteOutput(o.url, families, opts.pushIntervalMs !== undefined ? { intervalMs: opts.pushIntervalMs } : {});
        rw.start();
        closers.push(async () => {
          await rw.close();
          const s = rw.stats;
          log(`peakday: remote write to ${shownUrl(o.url)}: ${s.pushes} pushes${s.failures > 0 ? `, ${s.failures} failed (last: ${s.lastError})` : ''}`);
        });
        log(`peakday: Prometheus remote write to ${shownUrl(o.url)} every ${(opts.pushIntervalMs ?? 5000) / 1000} s`);
      }
    }
  } catch (e) {
    await result.close();
    throw e;
  }
  return result;
}
