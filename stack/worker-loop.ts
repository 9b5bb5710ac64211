/**
 * The start/wake/stop lifecycle every background worker of the stack shares: a step that runs
 * on a timer, never two timers at once, woken early by whoever has news, and a stop that
 * waits for the work the steps started.
 *
 * - `wake()`: run the step soon, but at least `minGapMs` after the last one (a wake per commit
 *   would otherwise be thousands a second; wakes meanwhile coalesce).
 * - `idle()`: nothing to do now: run the step again after `idleMs` unless woken first.
 * - `track(p)`: work the step started; `stop()` waits for it to settle.
 * A worker that runs in rounds (poll, audit) calls `start(firstDelayMs)` and `idle()` when a
 * round ends.
 */
import type { Defects } from './defects.ts';

export interface WorkerLoopOptions {
  minGapMs: number;
  idleMs: number;
  /** A timer that does not keep the process alive on its own. */
  unref?: boolean;
}

export class WorkerLoop {
  private on = false;
  private timer: NodeJS.Timeout | undefined;
  private lastStep = 0;
  private readonly active = new Set<Promise<unknown>>();

  constructor(
    private readonly step: () => void,
    private readonly opts: WorkerLoopOptions,
  ) {}

  /** Between start() and stop(). */
  get running(): boolean {
    return this.on;
  }

  /** Starts the loop: the first step soon, or after `firstDelayMs`. */
  start(firstDelayMs?: number): void {
    if (this.on) return;
    this.on = true;
    if (firstDelayMs === undefined) this.wake();
    else this.schedule(firstDelayMs);
  }

  wake(): void {
    if (!this.on || this.timer) return;
    this.schedule(Math.max(1, this.lastStep + this.opts.minGapMs - Date.now()));
  }

  idle(): void {
    if (this.on && !this.timer) this.schedule(this.opts.idleMs);
  }

  track(p: Promise<unknown>): void {
    const tracked = p.finally(() => this.active.delete(tracked));
    this.active.add(tracked);
  }

  async stop(): Promise<void> {
    this.on = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.active]);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => this.fire(), ms);
    if (this.opts.unref) this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.on) return;
    this.lastStep = Date.now();
    this.step();
  }
}

/** What a worker draining a durable queue with retries is told (order fetcher, shipment pusher, aftersales desk). */
export interface QueueWorkerOptions {
  /** Calls in flight at once. */
  concurrency: number;
  idleMs: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** Deliberate defects (stack/defects.ts); none in normal use. */
  defects?: Defects;
}

/** A worker whose whole lifecycle is one WorkerLoop: start, wake and stop are the loop's. */
export abstract class LoopWorker {
  protected readonly loop: WorkerLoop;

  constructor(opts: WorkerLoopOptions) {
    this.loop = new WorkerLoop(() => this.step(), opts);
  }

  /** One look at the work: claim what is due, track it, `loop.idle()` when there is none. */
  protected abstract step(): void;

  start(): void {
    this.loop.start();
  }

  /** Look soon. */
  wake(): void {
    this.loop.wake();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}

/**
 * A LoopWorker draining a durable queue: each step claims the rows due now, up to
 * `concurrency` in flight, never one row twice at once, and looks again as each one settles.
 */
export abstract class QueueWorker<Row> extends LoopWorker {
  private readonly claimed = new Set<string>();

  /** `due`: up to `limit` rows due at `now`, claimed or not; `key`: the field naming a row. */
  constructor(
    private readonly concurrency: number,
    opts: WorkerLoopOptions,
    private readonly due: { all(now: number, limit: number): Row[] },
    private readonly key: { [K in keyof Row]: Row[K] extends string ? K : never }[keyof Row],
  ) {
    super(opts);
  }

  protected abstract handle(row: Row): Promise<void>;

  protected step(): void {
    const free = this.concurrency - this.claimed.size;
    const rows = free > 0 ? this.due.all(Date.now(), free + this.claimed.size).filter((r) => !this.claimed.has(r[this.key] as string)).slice(0, free) : [];
    for (const r of rows) {
      const key = r[this.key] as string;
      this.claimed.add(key);
      this.loop.track(
        this.handle(r).finally(() => {
          this.claimed.delete(key);
          this.wake();
        }),
      );
    }
    if (rows.length === 0) this.loop.idle();
  }
}
