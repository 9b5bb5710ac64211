/**
 * The run as it goes: a frame (the result so far, and where the run stands) every second, then
 * the final result. The harness feeds it; the dashboard and the metric outputs subscribe and
 * never know the harness (the engine-emits, presentation-subscribes rule of the runtime).
 *
 * A slow measurement is never stacked: a tick that finds the previous one still running is
 * skipped. The timer is unref'd, so a feed never keeps the process alive.
 */
import { EventEmitter } from 'node:events';
import type { LiveProgress } from '../report/live-progress.ts';
import type { RunResult } from '../results/run-result.ts';

/** The run so far (`progress` set), or the final result (`progress` absent). */
export interface LiveFrame {
  result: RunResult;
  progress?: LiveProgress;
}

export type Measure = () => Promise<LiveFrame | undefined>;

export class LiveFeed extends EventEmitter<{ frame: [LiveFrame] }> {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private last: LiveFrame | undefined;
  private measure: Measure | undefined;
  /** Measurements that threw: shown to nobody, counted for the run's log. */
  failures = 0;
  lastError: string | undefined;

  constructor(readonly intervalMs = 1000) {
    super();
  }

  get latest(): LiveFrame | undefined {
    return this.last;
  }

  get ended(): boolean {
    return this.last !== undefined && this.last.progress === undefined;
  }

  /** Starts measuring (the load began): a frame now, then one per interval. */
  start(measure: Measure): void {
    if (this.timer || this.ended) return;
    this.measure = measure;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  /** Measures once now (also what the timer calls). */
  async tick(): Promise<void> {
    const measure = this.measure;
    if (this.busy || this.ended || !measure) return;
    this.busy = true;
    try {
      const frame = await measure();
      if (frame && !this.ended) this.publish(frame);
    } catch (e) {
      this.failures++;
      this.lastError = (e as Error).message;
    } finally {
      this.busy = false;
    }
  }

  /** The final result: stops the ticks and tells every subscriber the run is over. */
  finish(result: RunResult): void {
    this.stop();
    this.publish({ result });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private publish(frame: LiveFrame): void {
    this.last = frame;
    this.emit('frame', frame);
  }
}
