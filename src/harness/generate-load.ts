/**
 * The load itself: the bundled scenario on the runtime, in this process or split across N
 * generator workers by execution segment (src/distributed/) and merged exactly. Either way it
 * ends as one registry and one summary; everything after (drain, reconcile, judge, write) is
 * the same. The scenario learns the services' URLs and the credentials from its environment.
 */
import type { GeneratedLoad } from '../distributed/run-workers.ts';
import { runWorkers } from '../distributed/run-workers.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import type { Engine } from '../runtime/engine.ts';
import { attachProgress } from '../runtime/progress.ts';
import { runTest } from '../runtime/run-test.ts';
import type { HarnessConfig } from './harness-config.ts';
import type { ProcessMonitor } from './process-monitor.ts';
import type { RunInterruption } from './run-interruption.ts';
import type { SystemUnderTest } from './start-services.ts';

/** What the rest of the run reads from the load, whichever way it ran. */
export type FinishedLoad = Omit<GeneratedLoad, 'workers'>;

export interface LoadOutcome {
  load: FinishedLoad;
  /** Unix ms: when the load started (the run's time zero) and ended. */
  startedAt: number;
  endedAt: number;
}

export interface LoadContext {
  /** The runtime's bundle of the scenario. */
  script: string;
  /** The run's temporary folder (the workers' snapshots go there). */
  work: string;
  monitor: ProcessMonitor;
  interruption: RunInterruption;
  log: (line: string) => void;
  /** Called at the load's time zero, before the first iteration (the live view starts then). */
  onStarted(startedAt: number): void;
  /** The in-process load's engine, once it exists (with --workers there is none here). */
  onEngine(engine: Engine): void;
}

export async function generateLoad(cfg: HarnessConfig, sut: SystemUnderTest, ctx: LoadContext): Promise<LoadOutcome> {
  ctx.monitor.start();
  const startedAt = Date.now();
  ctx.onStarted(startedAt);
  const env = {
    ...cfg.env,
    MOCK_URL: sut.mockUrl, SCALE: String(cfg.scale),
    // a platform-only run drives buyers alone: the scenarios leave out their ERP traffic (load/lib/scenario-parts.ts)
    ...(sut.stackUrl === undefined ? { PLATFORM_ONLY: '1' } : { STACK_URL: sut.stackUrl }),
    APP_KEY: sut.cred.appKey, APP_SECRET: sut.cred.appSecret, ACCESS_TOKEN: sut.cred.accessToken,
  };
  const load = (cfg.workers ?? 1) > 1 ? await loadFromWorkers(cfg, env, ctx) : await loadInProcess(cfg, env, ctx);
  const endedAt = Date.now();
  if (load.exitCode !== ExitCode.OK && load.exitCode !== ExitCode.THRESHOLDS_FAILED) {
    ctx.interruption.abort(load.error ? load.error.message : `the runtime exited ${load.exitCode}`);
  }
  if (load.stderr) process.stderr.write(load.stderr);
  // k6's end-of-test summary: checks (certify's certification) and the generator's metrics.
  if (load.stdout && !cfg.quiet) process.stdout.write(load.stdout);
  return { load, startedAt, endedAt };
}

async function loadInProcess(cfg: HarnessConfig, env: Record<string, string>, ctx: LoadContext): Promise<FinishedLoad> {
  return runTest({
    script: ctx.script,
    env,
    allowRemote: cfg.allowRemote,
    noColor: !cfg.color,
    isStdOutTTY: process.stdout.isTTY === true,
    isStdErrTTY: process.stderr.isTTY === true,
    onEngine: (e) => {
      ctx.interruption.attachEngine(e);
      ctx.onEngine(e);
      attachProgress(e, process.stderr, { tty: process.stderr.isTTY === true, quiet: cfg.quiet });
    },
  });
}

async function loadFromWorkers(cfg: HarnessConfig, env: Record<string, string>, ctx: LoadContext): Promise<FinishedLoad> {
  const workers = cfg.workers ?? 1;
  ctx.log(`peakday: ${workers} generator processes, one execution segment each`);
  const run = runWorkers({
    script: ctx.script,
    workers,
    dir: ctx.work,
    env,
    allowRemote: cfg.allowRemote,
    noColor: !cfg.color,
    onStart: (w) => {
      ctx.monitor.watch('generator', w.pid);
      ctx.log(`peakday: generator ${w.index} (segment ${w.segment}) pid ${w.pid}`);
    },
    onStderr: (i, line) => !cfg.quiet && ctx.log(`  [generator ${i}] ${line}`),
  });
  ctx.interruption.attachWorkers(run);
  return run.done;
}
