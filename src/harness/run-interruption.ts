/**
 * Ctrl-C and SIGTERM during `peakday run`. The first stops the load (in this process or in the
 * generator workers) and the run goes on to write what was measured, marked interrupted; the
 * second exits at once. Before the load starts there is nothing to write: the first signal
 * aborts the start-up waits (`signal`) and the run ends saying nothing was measured. A load the runtime ended on its own with an error marks the run
 * aborted instead. Either way the status and its reason end up in the run result.
 */
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import type { WorkerRun } from '../distributed/run-workers.ts';
import type { Engine } from '../runtime/engine.ts';
import type { RunStatus } from '../results/run-result.ts';

export class RunInterruption {
  status: RunStatus = 'completed';
  reason: string | undefined;
  private signals = 0;
  private engine: Engine | undefined;
  private workers: WorkerRun | undefined;
  private loadStarted = false;
  private readonly startUp = new AbortController();

  constructor(private readonly log: (line: string) => void) {}

  /** True once a signal arrived: the drain is skipped, what was measured is written. */
  get interrupted(): boolean {
    return this.signals > 0;
  }

  listen(): void {
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  close(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  /** Aborted by the first signal: the waits before the load stop on it. */
  get signal(): AbortSignal {
    return this.startUp.signal;
  }

  /** The in-process load's engine, once it exists: a signal interrupts it. */
  attachEngine(engine: Engine): void {
    this.engine = engine;
    this.loadStarted = true;
  }

  /** The generator workers, once started: a signal stops their load. */
  attachWorkers(workers: WorkerRun): void {
    this.workers = workers;
    this.loadStarted = true;
  }

  /** The runtime ended the load with an error of its own (not a failed threshold). */
  abort(reason: string): void {
    if (this.status !== 'completed') return;
    this.status = 'aborted';
    this.reason = reason;
  }

  private readonly onSignal = (sig: NodeJS.Signals): void => {
    this.signals++;
    if (this.signals > 1) {
      this.log('peakday run: second interrupt, stopping now');
      process.exit(ExitCode.FORCED_STOP);
    }
    this.status = 'interrupted';
    this.reason = `${sig} received`;
    this.startUp.abort();
    if (!this.loadStarted) {
      this.log(`peakday run: ${sig}: stopping before the load started (again to quit at once)`);
      return;
    }
    this.log(`peakday run: ${sig}: stopping the load; results will be written, marked interrupted (again to quit at once)`);
    this.engine?.interrupt(this.reason);
    this.workers?.interrupt();
  };
}
