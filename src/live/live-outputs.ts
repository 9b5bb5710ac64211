/**
 * Everything that watches a run while it goes — the dashboard today, the metric outputs of
 * `--out` — opened together before the run and closed together after it. The harness only
 * feeds frames (`feed`) and calls `close`.
 */
import { startDashboard, type Dashboard } from './dashboard-server.ts';
import { LiveFeed } from './live-feed.ts';

export interface LiveOutputOptions {
  /** `--dashboard [PORT]`: the port (0: any free one). Absent: no dashboard. */
  dashboardPort?: number;
}

export interface LiveOutputs {
  feed: LiveFeed;
  dashboard?: Dashboard;
  close(): Promise<void>;
}

/** Opens the outputs asked for, or returns undefined when none was. */
export async function openLiveOutputs(opts: LiveOutputOptions, log: (line: string) => void): Promise<LiveOutputs | undefined> {
  if (opts.dashboardPort === undefined) return undefined;
  const feed = new LiveFeed();
  const dashboard = await startDashboard(feed, { port: opts.dashboardPort });
  log(`peakday: live dashboard on ${dashboard.url}`);
  return {
    feed,
    dashboard,
    close: async () => {
      feed.stop();
      await dashboard.close();
    },
  };
}
