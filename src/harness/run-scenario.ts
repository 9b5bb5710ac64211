/**
 * `peakday run <scenario>`: the main job, end to end.
 *
 *   validate config → bundle the scenario → start the mock and the stack as separate processes
 *   (or use the URLs given) → seed catalog and stock in both → run the scenario on the runtime
 *   while sampling every process's CPU and memory → drain (bounded) → collect both ledgers →
 *   measure lags and reconcile → judge against the standards → write results → exit code.
 *
 * Each step has its own file; this one puts them in order. Children are always stopped: in
 * `finally`, and on the parent's exit. Ctrl-C interrupts the load and still writes what was
 * measured, marked interrupted; a second Ctrl-C exits at once (run-interruption.ts).
 */
import * as os from 'node:os';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { readVitals } from '../../lib/process/vitals.ts';
import { writeResults } from '../report/write-results.ts';
import type { RunResult, RunStatus } from '../results/run-result.ts';
import { openLiveOutputs, type LiveOutputs } from '../live/live-outputs.ts';
import { ListenError } from '../../lib/http/listen-loopback.ts';
import { liveMeasure } from '../live/live-result.ts';
import type { LiveProgress } from '../report/live-progress.ts';
import { buildScript } from '../runtime/bundler/bundle.ts';
import type { Engine } from '../runtime/engine.ts';
import { loadStandards } from '../standards/load-standards.ts';
import type { Standards } from '../standards/standard.ts';
import { VERDICT_EXIT_CODES } from '../standards/verdict.ts';
import { ChildService, ServiceStartError, stopAllOnExit } from './child-service.ts';
import { collectFigures } from './collect-figures.ts';
import { checkAdapter, shimFigures } from './erp-shim-service.ts';
import { drain, type DrainOutcome } from './drain.ts';
import { drainPlatformOnly } from './platform-only-drain.ts';
import { collectPlatformOnly } from './platform-only-figures.ts';
import { ErpView } from './erp-view.ts';
import { generateLoad, type LoadOutcome } from './generate-load.ts';
import type { HarnessConfig } from './harness-config.ts';
import { judgeWithScenarioThresholds } from './judge-scenario.ts';
import { harnessLiveSources } from './live-sources.ts';
import { PlatformView, type MockCatalog } from './platform-view.ts';
import { printRunEnd } from './print-run-end.ts';
import { ProcessMonitor } from './process-monitor.ts';
import { runIdentity } from './run-identity.ts';
import { buildMeasurements } from './run-measurements.ts';
import { RunInterruption } from './run-interruption.ts';
import { seedStock } from './seed-stock.ts';
import { startServices } from './start-services.ts';
import { reachUserServices, StartUpError, StartUpInterrupted } from './start-up-wait.ts';

const SERIES_INTERVAL_MS = 1000;
/** A stack maps the platform's catalog and subscribes its webhooks before it is ready. */
const STACK_READY_TIMEOUT_MS = 60_000;
/** Bundles of load/ go to dist/ (generated): dist/k6/<name>.js is what real k6 runs. */
const DIST_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

export interface ScenarioRunOutcome {
  exitCode: number;
  resultDir?: string;
}

type Log = (line: string) => void;

/** Runs one scenario against the platform and the system under test, judges it, writes its results. */
export async function runScenarioEndToEnd(cfg: HarnessConfig, log: Log = (l) => process.stderr.write(l + '\n')): Promise<ScenarioRunOutcome> {
  // Everything that can be refused is refused before a process starts.
  const standards = scenarioStandards(cfg, log);
  if (standards === undefined) return { exitCode: ExitCode.INVALID_CONFIG };
  const adapterProblems = cfg.erpAdapter ? await checkAdapter(cfg.erpAdapter) : [];
  if (adapterProblems.length > 0) {
    log(`peakday run: the ERP adapter is not usable:\n  ${adapterProblems.join('\n  ')}`);
    return { exitCode: ExitCode.INVALID_CONFIG };
  }

  stopAllOnExit();
  const identity = runIdentity(cfg, standards, SERIES_INTERVAL_MS);
  let live: LiveOutputs | undefined;
  let stage: LiveProgress['stage'] = 'load';
  let engine: Engine | undefined;
  const work = mkdtempSync(join(os.tmpdir(), 'peakday-run-'));
  const services: ChildService[] = [];
  const monitor = new ProcessMonitor(SERIES_INTERVAL_MS);
  const interruption = new RunInterruption(log);
  interruption.listen();
  try {
    live = await openLiveOutputs({ outs: cfg.outs, ...(cfg.dashboardPort !== undefined ? { dashboardPort: cfg.dashboardPort } : {}) }, log).catch((e: unknown) => {
      // a port the user named for the dashboard or the scrape endpoint that cannot be taken is their configuration
      throw e instanceof ListenError ? new StartUpError(e.message) : e;
    });
    await reachUserServices(cfg, interruption.signal, log);
    log(`peakday: bundling ${cfg.scenario}`);
    const built = await buildScript(cfg.scriptPath, DIST_DIR, { k6: true });
    const sut = await startServices(cfg, { work, services, monitor, log, signal: interruption.signal });
    readVitals();
    // with --workers the generators are the worker processes (watched as they start); this one only waits
    if ((cfg.workers ?? 1) <= 1) monitor.watch('generator', process.pid, async () => readVitals());

    const platform = new PlatformView(sut.mockUrl);
    const catalog = await platform.catalog();
    const erp = sut.stackUrl === undefined ? undefined : await readyAndSeeded(new ErpView(sut.stackUrl), platform, catalog, cfg, interruption.signal, log);
    if (interruption.interrupted) throw new StartUpInterrupted();

    // The mock's counters are read now: the run is judged on what it adds to them.
    const statsBaseline = await platform.stats();
    const outcome = await generateLoad(cfg, sut, {
      script: built.runtimePath, work, monitor, interruption, log,
      onEngine: (e) => {
        engine = e;
        live?.attach(e.registry);
      },
      onStarted: (startedAt) =>
        live?.feed.start(
          liveMeasure(harnessLiveSources({ identity, standards, startedAt, monitor, platform, erp, catalog, statsBaseline, registry: () => engine?.registry, stage: () => stage })),
        ),
    });
    stage = 'drain';
    // Drain and collect, even after an interrupt: what was measured so far still counts.
    const drained = await drainAfterLoad(cfg, platform, erp, catalog.skus.map((s) => s.seller_sku), outcome, interruption, log);
    stage = 'judging';
    const series = monitor.stop();
    const window = { startedAt: outcome.startedAt, intervalMs: SERIES_INTERVAL_MS, baseline: statsBaseline };
    const figures = erp ? await collectFigures(platform, erp, catalog, window) : await collectPlatformOnly(platform, { ...window, declaredStock: cfg.initialStock });
    const { status, reason: statusReason } = interruption;
    const measurements = buildMeasurements({ identity, standards, status, statusReason, outcome, drained, series, figures });
    if (cfg.erpAdapter && sut.stackUrl) measurements.erp_shim = await shimFigures(sut.stackUrl);

    const result = judgeWithScenarioThresholds(standards, measurements, outcome.load.summary);
    const written = writeResults(result, { root: cfg.outDir });
    live?.feed.finish(written.result);
    for (const w of written.warnings) log(`peakday: warning: ${w}`);
    printRunEnd(written.result, { color: cfg.color, reportPath: join(written.dir, 'report.html') });
    return { exitCode: runExitCode(status, outcome.load.exitCode, result), resultDir: written.dir };
  } catch (e) {
    return startUpFailure(e, log) ?? unexpectedFailure(e, services, log);
  } finally {
    interruption.close();
    monitor.stop();
    await live?.close();
    await Promise.all(services.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

/** The ERP before the load: ready (it maps the catalog and subscribes its webhooks first), then seeded. */
async function readyAndSeeded(erp: ErpView, platform: PlatformView, catalog: MockCatalog, cfg: HarnessConfig, signal: AbortSignal, log: Log): Promise<ErpView> {
  log(`peakday: waiting for the stack at ${erp.url} to be ready (up to ${STACK_READY_TIMEOUT_MS / 1000} s)`);
  await erp.waitReady(STACK_READY_TIMEOUT_MS, signal);
  await seedStock(platform, erp, catalog, cfg.initialStock, log);
  return erp;
}

/** A run that ended before its load: a service that cannot be used (104), would not start (1) or an interrupt (105). */
function startUpFailure(e: unknown, log: Log): ScenarioRunOutcome | undefined {
  if (e instanceof StartUpError) {
    log(`peakday run: ${e.message}`);
    return { exitCode: ExitCode.INVALID_CONFIG };
  }
  if (e instanceof ServiceStartError) {
    // a service that would not start: what it said is the story, the harness's stack trace is not
    log(`peakday run: ${e.message}`);
    return { exitCode: ExitCode.FAILED };
  }
  if (e instanceof StartUpInterrupted) {
    log('peakday run: interrupted before the load started: nothing was measured, no results written');
    return { exitCode: ExitCode.EXTERNAL_ABORT };
  }
  return undefined;
}

/** Anything else is the harness's own failure: its stack trace, and what a dead service said. */
function unexpectedFailure(e: unknown, services: readonly ChildService[], log: Log): ScenarioRunOutcome {
  log(`peakday run: ${(e as Error).stack ?? String(e)}`);
  for (const s of services) if (!s.alive && s.stderr) log(`--- ${s.role} stderr ---\n${s.stderr.trim()}`);
  return { exitCode: ExitCode.FAILED };
}

/** The standards in force: the user's --standards file, else the scenario's own override, on the defaults. */
function scenarioStandards(cfg: HarnessConfig, log: Log): Standards | undefined {
  try {
    const overridePath = cfg.standardsFile ?? scenarioOverride(cfg.scenario);
    return loadStandards({ ...(overridePath ? { overridePath } : {}), ...(cfg.platformOnly ? { platformOnly: true } : {}) });
  } catch (e) {
    log(`peakday run: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * A scenario may judge differently by design: under chaos the latency standards are informational
 * (faults are injected on purpose) and accuracy is what must hold. A user's --standards file
 * replaces it.
 */
function scenarioOverride(scenario: string): string | undefined {
  const path = fileURLToPath(new URL(`../standards/scenario-overrides/${scenario}.json`, import.meta.url));
  return existsSync(path) ? path : undefined;
}

/** Waits (bounded) for the stack to settle after the load; an interrupted run is not drained. */
async function drainAfterLoad(
  cfg: HarnessConfig,
  platform: PlatformView,
  erp: ErpView | undefined,
  sellerSkus: readonly string[],
  outcome: LoadOutcome,
  interruption: RunInterruption,
  log: Log,
): Promise<DrainOutcome> {
  if (interruption.interrupted) return { drained: false, drainMs: 0, pending: ['not drained: the run was interrupted'] };
  log(`peakday: load done in ${((outcome.endedAt - outcome.startedAt) / 1000).toFixed(1)} s; draining (up to ${cfg.drainTimeoutMs / 1000} s)`);
  const opts = { timeoutMs: cfg.drainTimeoutMs, onProgress: (p: string[]) => p.length > 0 && !cfg.quiet && log(`  draining: ${p.join('; ')}`) };
  return erp ? drain(platform, erp, sellerSkus, opts) : drainPlatformOnly(platform, outcome.startedAt, opts);
}

/** k6's codes where k6 has one: 105 for a run stopped from outside, the runtime's own on abort; else the verdict's. */
function runExitCode(status: RunStatus, runtimeExitCode: number, result: RunResult): number {
  if (status === 'aborted') return runtimeExitCode;
  if (status === 'interrupted') return ExitCode.EXTERNAL_ABORT;
  return VERDICT_EXIT_CODES[result.verdict];
}
