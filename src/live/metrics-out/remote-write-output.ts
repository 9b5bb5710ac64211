/**
 * `--out prometheus=URL`: pushes the run's families to a remote-write receiver every
 * `intervalMs` (5 s, k6's default push interval) and once more at the end, with the final
 * result. A push that fails is counted and the next one carries the latest figures (each push
 * holds every series, so nothing is lost but a point in time); each push is bounded by a timeout,
 * and pushes never overlap.
 */
import type { Family } from './metric-family.ts';
import { REMOTE_WRITE_HEADERS, remoteWriteBody } from './remote-write.ts';

export interface RemoteWriteStats {
  pushes: number;
  failures: number;
  lastError?: string;
}

export class RemoteWriteOutput {
  readonly stats: RemoteWriteStats = { pushes: 0, failures: 0 };
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly families: () => Family[],
    private readonly opts: { intervalMs?: number; timeoutMs?: number; userAgent?: string } = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.push(), this.opts.intervalMs ?? 5000);
    this.timer.unref();
  }

  /** One push of the current figures (skipped while one is in flight). */
  push(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const families = this.families();
    if (families.length === 0) return Promise.resolve();
    this.inFlight = this.send(families).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Stops the timer and pushes the last figures (the final result). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
    await this.push();
  }

  private async send(families: Family[]): Promise<void> {
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { ...REMOTE_WRITE_HEADERS, 'user-agent': this.opts.userAgent ?? 'peakday' },
        body: remoteWriteBody(families, Date.now()),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`HTTP ${res.status} ${text.slice(0, 200).trim()}`);
      this.stats.pushes++;
    } catch (e) {
      this.stats.failures++;
      this.stats.lastError = (e as Error).message;
    }
  }
}
