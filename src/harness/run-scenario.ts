/**
 * `peakday run <scenario>`: the main job, end to end.
 *
 *   validate config → bundle the scenario → start the mock and the stack as separate processes
 *   (or use the URLs given) → seed catalog and stock in both → run the scenario on the runtime
 *   while sampling every process's CPU and memory → drain (bounded) → collect both ledgers →
 *   measure lags and reconcile → judge against the standards → write results → exit code.
 *
 * Children are always stopped: in `finally`, and on the parent's exit. Ctrl-C interrupts the
 * load and still writes what was measured, marked interrupted; a second Ctrl-C exits at once.
 */
import * as os from 'node:os';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildScript } from '../runtime/bundler/bundle.ts';
import type { Engine } from '../runtime/engine.ts';
import { attachProgress } from '../runtime/progress.ts';
import { runTest } from '../runtime/run-test.ts';
import { writeResults } from '../report/write-results.ts';
import { renderTerminal } from '../results/terminal-table.ts';
import type { RunMeasurements, RunStatus } from '../results/run-result.ts';
import { RUN_RESULT_SCHEMA_VERSION } from '../results/run-result.ts';
import { loadStandards } from '../standards/load-standards.ts';
import { deriveGeneratorHealth } from '../standards/trust.ts';
import { judge } from '../standards/judge.ts';
import { assessTrust } from '../standards/trust.ts';
import { decideVerdict, VERDICT_EXIT_CODES } from '../standards/verdict.ts';
import type { SummaryData } from '../runtime/summary/index.ts';
import type { RunResult, StandardJudgment } from '../results/run-result.ts';
import type { Standards } from '../standards/standard.ts';
import { ChildService, stopAllOnExit } from './child-service.ts';
import { drain } from './drain.ts';
import { ErpView } from './erp-view.ts';
import type { HarnessConfig } from './harness-config.ts';
import { PlatformView } from './platform-view.ts';
import { ProcessMonitor } from './process-monitor.ts';
import { toProcessStats } from './process-stats.ts';
import { collectFigures } from './collect-figures.ts';
import { metricsFromRun, rateMetric } from './run-metrics.ts';
import { getJson } from './json-client.ts';
import { eventLoopDelayP99 } from '../../lib/process/event-loop-delay.ts';
import { findBreakingPoints } from './breaking-point.ts';
import { runWorkers, type WorkerRun } from '../distributed/run-workers.ts';
import { drifting, measureDrift } from './drift.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { runIdentity } from './run-identity.ts';
import { harnessLiveSources } from './live-sources.ts';
import { openLiveOutputs, type LiveOutputs } from '../live/live-outputs.ts';
import { liveMeasure } from '../live/live-result.ts';
import type { LiveProgress } from '../report/live-progress.ts';

const SERIES_INTERVAL_MS = 1000;
/** Bundles of load/ go to dist/ (generated): dist/k6/<name>.js is what real k6 runs. */
const DIST_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

interface Credentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
}

export interface ScenarioRunOutcome {
  exitCode: number;
  resultDir?: string;
}

type Log = (line: string) => void;

export async function runScenario(cfg: HarnessConfig, log: Log = (l) => process.stderr.write(l + '\n')): Promise<ScenarioRunOutcome> {
  // Everything that can be refused is refused before a process starts.
  let standards: Standards;
  try {
    const overridePath = cfg.standardsFile ?? scenarioOverride(cfg.scenario);
    standards = loadStandards(overridePath ? { overridePath } : {});
  } catch (e) {
    log(`peakday run: ${(e as Error).message}`);
    return { exitCode: ExitCode.INVALID_CONFIG };
  }

  stopAllOnExit();
  const identity = runIdentity(cfg, standards, SERIES_INTERVAL_MS);
  let live: LiveOutputs | undefined;
  let stage: LiveProgress['stage'] = 'load';
  const work = mkdtempSync(join(os.tmpdir(), 'peakday-run-'));
  const services: ChildService[] = [];
  const monitor = new ProcessMonitor(SERIES_INTERVAL_MS);
  let engine: Engine | undefined;
  let workerRun: WorkerRun | undefined;
  let status: RunStatus = 'completed';
  let statusReason: string | undefined;
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) {
      log('peakday run: second interrupt, stopping now');
      process.exit(ExitCode.FORCED_STOP);
    }
    status = 'interrupted';
    statusReason = `${sig} received`;
    log(`peakday run: ${sig}: stopping the load; results will be written, marked interrupted (again to quit at once)`);
    engine?.interrupt(statusReason);
    workerRun?.interrupt();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    live = await openLiveOutputs(cfg.dashboardPort !== undefined ? { dashboardPort: cfg.dashboardPort } : {}, log);
    log(`peakday: bundling ${cfg.scenario}`);
    const built = await buildScript(cfg.scriptPath, DIST_DIR, { k6: true });

    // The platform: ours, started here, unless the user runs one.
    let mockUrl = cfg.mockUrl;
    let cred: Credentials;
    if (mockUrl === undefined) {
      const mock = await ChildService.start('mock', 'mock', [
        '--port', '0', '--seed', cfg.seed,
        '--shops', String(cfg.catalog.shops), '--skus', String(cfg.catalog.skus), '--warehouses', String(cfg.catalog.warehouses),
      ]);
      services.push(mock);
      mockUrl = mock.url;
      cred = { appKey: String(mock.ready.app_key), appSecret: String(mock.ready.app_secret), accessToken: String(mock.ready.access_token) };
      monitor.watch('mock', mock.pid, healthProbe(`${mock.url}/__mock/health`, (b) => (b as { data?: { event_loop_delay_p99_ms?: number } }).data?.event_loop_delay_p99_ms));
      log(`peakday: mock platform on ${mockUrl} (pid ${mock.pid})`);
    } else {
      cred = credentialsFromEnv();
    }

    // The system under test: the reference stack, unless the user brings theirs.
    let stackUrl = cfg.stackUrl;
    if (stackUrl === undefined) {
      const stack = await ChildService.start(
        'stack',
        'stack',
        ['--port', '0', '--tiktok-url', mockUrl, '--db', join(work, 'stack.db'), '--log-level', 'warn'],
        { env: { PEAKDAY_APP_KEY: cred.appKey, PEAKDAY_APP_SECRET: cred.appSecret, PEAKDAY_ACCESS_TOKEN: cred.accessToken } },
      );
      services.push(stack);
      stackUrl = stack.url;
      monitor.watch('stack', stack.pid, healthProbe(`${stack.url}/health`, (b) => (b as { event_loop_delay_p99_ms?: number }).event_loop_delay_p99_ms));
      log(`peakday: reference stack on ${stackUrl} (pid ${stack.pid})`);
    }
    eventLoopDelayP99();
    // with --workers the generators are the worker processes (watched as they start); this one only waits
    const workers = cfg.workers ?? 1;
    if (workers <= 1) monitor.watch('generator', process.pid, async () => eventLoopDelayP99());

    const platform = new PlatformView(mockUrl);
    const erp = new ErpView(stackUrl);
    await erp.waitReady(60_000);
    const catalog = await platform.catalog();
    const sellerSkus = catalog.skus.map((s) => s.seller_sku);

    log(`peakday: seeding ${sellerSkus.length} SKUs × ${catalog.warehouses.length} warehouses with ${cfg.initialStock} on hand`);
    await erp.setStock(
      catalog.skus.flatMap((s) => catalog.warehouses.map((w) => ({ sku: s.seller_sku, warehouse_id: w.id, on_hand: cfg.initialStock }))),
      `seed-${Date.now()}`,
    );
    const seeded = await drain(platform, erp, sellerSkus, { timeoutMs: 30_000, pollMs: 250 });
    // A stack that never converges is for the accuracy standards to judge, not a reason to stop.
    if (!seeded.drained) log(`peakday: warning: the seed stock had not reached the platform after 30 s (${seeded.pending.join('; ')}); running anyway`);

    // The load. The mock's counters are read now: the run is judged on what it adds to them.
    const statsBaseline = await platform.stats();
    monitor.start();
    const startedAt = Date.now();
    live?.feed.start(
      liveMeasure(harnessLiveSources({ identity, standards, startedAt, monitor, platform, erp, catalog, statsBaseline, registry: () => engine?.registry, stage: () => stage })),
    );
    const loadEnv = { ...cfg.env, MOCK_URL: mockUrl, STACK_URL: stackUrl, SCALE: String(cfg.scale), APP_KEY: cred.appKey, APP_SECRET: cred.appSecret, ACCESS_TOKEN: cred.accessToken };
    // The load produces one registry and summary, in this process or merged from N workers
    // (src/distributed/); everything after (drain, reconcile, judge, write) is shared.
    if (workers > 1) {
      log(`peakday: ${workers} generator processes, one execution segment each`);
      workerRun = runWorkers({
        script: built.runtimePath,
        workers,
        dir: work,
        env: loadEnv,
        allowRemote: cfg.allowRemote,
        noColor: !cfg.color,
        onStart: (w) => {
          monitor.watch('generator', w.pid);
          log(`peakday: generator ${w.index} (segment ${w.segment}) pid ${w.pid}`);
        },
        onStderr: (i, line) => !cfg.quiet && log(`  [generator ${i}] ${line}`),
      });
    }
    const run = workerRun ? await workerRun.done : await runTest({
      script: built.runtimePath,
      env: loadEnv,
      allowRemote: cfg.allowRemote,
      noColor: !cfg.color,
      isStdOutTTY: process.stdout.isTTY === true,
      isStdErrTTY: process.stderr.isTTY === true,
      onEngine: (e) => {
        engine = e;
        attachProgress(e, process.stderr, { tty: process.stderr.isTTY === true, quiet: cfg.quiet });
      },
    });
    const loadEndedAt = Date.now();
    stage = 'drain';
    if (run.exitCode !== ExitCode.OK && run.exitCode !== ExitCode.THRESHOLDS_FAILED && status === 'completed') {
      status = 'aborted';
      statusReason = run.error ? run.error.message : `the runtime exited ${run.exitCode}`;
    }
    if (run.stderr) process.stderr.write(run.stderr);
    // k6's end-of-test summary: checks (certify's certification) and the generator's metrics.
    if (run.stdout && !cfg.quiet) process.stdout.write(run.stdout);

    // Drain and collect, even after an interrupt: what was measured so far still counts.
    let drained = { drained: false, drainMs: 0, pending: ['not drained: the run was interrupted'] };
    if (interrupts === 0) {
      log(`peakday: load done in ${((loadEndedAt - startedAt) / 1000).toFixed(1)} s; draining (up to ${cfg.drainTimeoutMs / 1000} s)`);
      drained = await drain(platform, erp, sellerSkus, {
        timeoutMs: cfg.drainTimeoutMs,
        onProgress: (p) => p.length > 0 && !cfg.quiet && log(`  draining: ${p.join('; ')}`),
      });
    }
    stage = 'judging';
    const series = monitor.stop();
    const figures = await collectFigures(platform, erp, catalog, { startedAt, intervalMs: SERIES_INTERVAL_MS, baseline: statsBaseline });

    const processes = series.map(toProcessStats(startedAt));
    const metrics = metricsFromRun(run.registry, run.summary, startedAt);
    metrics.platform_call_success = rateMetric(figures.platformCalls.passes, figures.platformCalls.fails);
    metrics.webhook_acked_within_3s = rateMetric(figures.webhookAckedWithin3s.passes, figures.webhookAckedWithin3s.fails);
    const faultsByKind = Object.fromEntries(Object.entries(figures.faults).filter(([, n]) => n > 0));
    const measurements: RunMeasurements = {
      schema_version: RUN_RESULT_SCHEMA_VERSION,
      ...identity,
      status,
      ...(statusReason !== undefined ? { status_reason: statusReason } : {}),
      started_at: startedAt,
      ended_at: Date.now(),
      config: {
        ...identity.config,
        load_duration_ms: loadEndedAt - startedAt,
        runtime_exit_code: run.exitCode,
        unsynced_inventory_changes: figures.unsyncedChanges,
        refused_repeat_shipments: figures.refusedRepeatShipments,
        drain_pending: drained.pending,
      },
      processes,
      metrics,
      lags: figures.lags,
      reconciliation: { drained: drained.drained, drain_ms: drained.drainMs, ...figures.checks },
      generator: deriveGeneratorHealth(metrics, processes, standards.trust),
      ...(Object.keys(faultsByKind).length > 0
        ? { faults: { total: Object.values(faultsByKind).reduce((a, b) => a + b, 0), by_kind: faultsByKind } }
        : {}),
    };
    measurements.drift = measureDrift(measurements);
    const breaking = findBreakingPoints(measurements, standards);
    if (breaking.length > 0) measurements.breaking_points = breaking;
    const result = judgeWithScenarioThresholds(standards, measurements, run.summary);
    const written = writeResults(result, { root: cfg.outDir });
    live?.feed.finish(written.result);
    for (const w of written.warnings) log(`peakday: warning: ${w}`);
    process.stdout.write(renderTerminal(written.result, { color: cfg.color, reportPath: join(written.dir, 'report.html') }) + '\n');
    if (cfg.scenario === 'soak') {
      const climbing = drifting(measurements.drift);
      process.stdout.write(
        climbing.length === 0
          ? `  drift: none (memory, event-loop delay and lags flat over the second half)\n`
          : `  drift: ${climbing.map((f) => `${f.what} +${f.what.endsWith(' rss') ? `${(f.per_min / 1048576).toFixed(1)} MiB` : `${f.per_min.toFixed(0)} ms`}/min`).join('; ')}\n`,
      );
    }
    const first = breaking[0];
    if (first) {
      process.stdout.write(`  first to break: ${first.standard} at ${first.at_s} s, with ${first.order_rate} orders/s offered\n`);
    }
    // k6's codes where k6 has one: 105 for a run stopped from outside, the runtime's own on abort.
    const exitCode = status === 'aborted' ? run.exitCode : (status as RunStatus) === 'interrupted' ? ExitCode.EXTERNAL_ABORT : VERDICT_EXIT_CODES[result.verdict];
    return { exitCode, resultDir: written.dir };
  } catch (e) {
    log(`peakday run: ${(e as Error).stack ?? String(e)}`);
    for (const s of services) if (!s.alive && s.stderr) log(`--- ${s.role} stderr ---\n${s.stderr.trim()}`);
    return { exitCode: ExitCode.FAILED };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    monitor.stop();
    await live?.close();
    await Promise.all(services.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The standards, plus every threshold the scenario itself declares (certify's `checks:
 * ['rate==1']`): a scenario's own pass/fail criteria belong in the verdict and the JUnit file.
 */
function judgeWithScenarioThresholds(standards: Standards, m: RunMeasurements, summary: SummaryData | null): RunResult {
  const judgments: StandardJudgment[] = judge(standards, m);
  for (const [metric, sm] of Object.entries(summary?.metrics ?? {})) {
    for (const [expr, t] of Object.entries(sm.thresholds ?? {})) {
      const shown = sm.type === 'rate' ? `${((sm.values.rate ?? 0) * 100).toFixed(2)}%` : JSON.stringify(sm.values);
      judgments.push({
        id: `scenario:${metric}`,
        title: `Scenario threshold ${metric} ${expr}`,
        kind: 'metric',
        limit_text: expr,
        metric,
        measured: sm.type === 'rate' ? (sm.values.rate ?? null) : null,
        measured_text: shown,
        unit: sm.type === 'rate' ? 'ratio' : 'value',
        verdict: t.ok ? 'pass' : 'fail',
        detail: t.ok ? 'the scenario\'s own threshold held' : `the scenario's own threshold failed (${metric}: ${shown})`,
        grounding: 'declared by the scenario script (options.thresholds)',
      });
    }
  }
  const trust = assessTrust(standards.trust, m);
  const { verdict, reasons } = decideVerdict(judgments, trust, m.status === 'completed');
  return { ...m, standards: judgments, trust, verdict, verdict_reasons: reasons };
}

/** Reads a process's event-loop delay from its health answer; undefined when it gives none. */
function healthProbe(url: string, pick: (body: unknown) => number | undefined) {
  return async () => pick(await getJson<unknown>(url, 2000));
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

/** Credentials of a mock the user runs, from the environment (never from flags: `ps` shows flags). */
function credentialsFromEnv(): Credentials {
  const need = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`with --mock-url, set ${k} to that mock's credentials (peakday mock prints them)`);
    return v;
  };
  return { appKey: need('PEAKDAY_APP_KEY'), appSecret: need('PEAKDAY_APP_SECRET'), accessToken: need('PEAKDAY_ACCESS_TOKEN') };
}
