/**
 * `runTest(opts)`: one complete `k6 run` as a function — the engine, the outputs subscribed to
 * it (--out json, HDR logs), the end-of-test summary or the script's handleSummary(), and
 * --summary-export. It returns what the CLI prints rather than printing it, so the harness can
 * run a bundle in-process and read the exit code, the summary data and the metrics registry.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Engine, type EngineOptions, type EngineResult } from './engine.ts';
import { tuneHeapForLoad } from './heap-tuning.ts';
import { ExitCode, type ExitCodeValue } from '../../lib/cli/exit-codes.ts';
import type { RuntimeError } from './errors.ts';
import type { MetricsRegistry } from './metrics/registry.ts';
import { buildSummaryData, JsonOutput, legacySummaryExport, textSummary, writeHdrLogs, type SummaryData } from './summary/index.ts';
import { writeRunSnapshot, RUN_SNAPSHOT_FORMAT, type RunSnapshot } from './run-snapshot.ts';

export interface RunTestOptions extends EngineOptions {
  summaryExport?: string;
  /** --out json=FILE */
  jsonOut?: string;
  /** --out hdr=DIR: one HdrHistogram log per Trend. */
  hdrLogDir?: string;
  /** --out snapshot=FILE: the run's registry and checks, for `peakday merge` (src/distributed/). */
  snapshotOut?: string;
  noColor?: boolean;
  isStdOutTTY?: boolean;
  isStdErrTTY?: boolean;
  /** Called with the engine before it runs: subscribe to its events here. */
  onEngine?: (engine: Engine) => void;
}

export interface RunTestResult {
  exitCode: ExitCodeValue;
  error?: RuntimeError;
  /** handleSummary's data (k6 shape); null when the run stopped before the scenarios. */
  summary: SummaryData | null;
  registry: MetricsRegistry;
  /** What belongs on stdout / stderr at the end (the text summary or handleSummary's). */
  stdout: string;
  stderr: string;
  /** Files written (handleSummary paths, summary export, json, HDR logs). */
  files: string[];
  iterationErrors: number;
}

export async function runTest(opts: RunTestOptions): Promise<RunTestResult> {
  tuneHeapForLoad();
  const engine = new Engine(opts);
  const wallStartedAt = Date.now();
  opts.onEngine?.(engine);
  const files: string[] = [];
  let json: JsonOutput | undefined;
  if (opts.jsonOut) {
    await mkdir(dirname(resolve(opts.jsonOut)), { recursive: true });
    json = new JsonOutput(opts.jsonOut, engine.registry, { onWarn: (m) => engine.emit('warning', { message: m }) });
  }
  const r = await runEngine(engine);
  try {
    if (json) {
      await json.close();
      files.push(opts.jsonOut as string);
      if (json.dropped > 0) engine.emit('warning', { message: `--out json: ${json.dropped} points dropped (the file fell behind); the summary has them all` });
    }
    if (!r.options) {
      return { exitCode: r.exitCode, ...(r.error ? { error: r.error } : {}), summary: null, registry: r.registry, stdout: '', stderr: '', files, iterationErrors: r.iterationErrors };
    }
    const isStdOutTTY = opts.isStdOutTTY ?? false;
    const data = buildSummaryData({
      registry: r.registry,
      evaluator: r.evaluator,
      groups: r.groups,
      options: { ...r.scriptOptions, summaryTrendStats: r.options.summaryTrendStats, noColor: r.options.noColor || opts.noColor === true },
      testRunDurationMs: r.testRunDurationMs,
      isStdOutTTY,
      isStdErrTTY: opts.isStdErrTTY ?? false,
    });
    const { stdout, stderr } = await endOfTestSummary(engine, r, data, { colors: isStdOutTTY && !opts.noColor && !r.options.noColor, files });
    if (opts.summaryExport) files.push(await writeNew(opts.summaryExport, JSON.stringify(legacySummaryExport(data), null, 2) + '\n'));
    if (opts.snapshotOut) files.push(await writeRunSnapshot(opts.snapshotOut, runSnapshot(opts, r, r.options, data, wallStartedAt)));
    if (opts.hdrLogDir) {
      await mkdir(opts.hdrLogDir, { recursive: true });
      files.push(...(await writeHdrLogs(r.registry, opts.hdrLogDir)));
    }
    return { exitCode: r.exitCode, ...(r.error ? { error: r.error } : {}), summary: data, registry: r.registry, stdout, stderr, files, iterationErrors: r.iterationErrors };
  } catch (e) {
    engine.emit('log', { level: 'error', message: `writing the outputs failed: ${(e as Error).message}` });
    return { exitCode: r.exitCode === ExitCode.OK ? ExitCode.GENERIC : r.exitCode, summary: null, registry: r.registry, stdout: '', stderr: '', files, iterationErrors: r.iterationErrors };
  } finally {
    await r.dispose();
  }
}

/**
 * Runs the engine. A script promise nobody awaited that rejects (say http.get with a bad param,
 * not awaited) is the script's error: logged like one while the test runs, instead of Node's
 * default of ending the process (which would take the harness down with it).
 */
async function runEngine(engine: Engine): Promise<EngineResult> {
  const onUnhandled = (reason: unknown) =>
    engine.emit('log', { level: 'error', message: `unhandled promise rejection in the script: ${(reason as Error)?.stack ?? String(reason)}` });
  process.on('unhandledRejection', onUnhandled);
  try {
    return await engine.run();
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
}

/**
 * The script's handleSummary() outputs (stdout, stderr, files it names), or k6's text summary
 * when it has none or it threw. Files written are added to `files`.
 */
async function endOfTestSummary(engine: Engine, r: EngineResult, data: SummaryData, opts: { colors: boolean; files: string[] }): Promise<{ stdout: string; stderr: string }> {
  let outputs: Record<string, unknown> | null = null;
  try {
    outputs = await r.handleSummary(data);
  } catch (e) {
    engine.emit('log', { level: 'error', message: `handleSummary() threw, printing the default summary instead: ${(e as Error)?.stack ?? String(e)}` });
  }
  if (outputs === null) return { stdout: '\n' + textSummary(data, { enableColors: opts.colors }) + '\n', stderr: '' };
  let stdout = '';
  let stderr = '';
  for (const [key, value] of Object.entries(outputs)) {
    const text = typeof value === 'string' ? value : value instanceof ArrayBuffer ? Buffer.from(value) : JSON.stringify(value);
    if (key === 'stdout') stdout += String(text);
    else if (key === 'stderr') stderr += String(text);
    else opts.files.push(await writeNew(key, text));
  }
  return { stdout, stderr };
}

/** Writes a file (creating its folder); returns its absolute path. */
async function writeNew(file: string, content: string | Buffer): Promise<string> {
  const path = resolve(file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, content);
  return path;
}

/** What `--out snapshot=FILE` keeps of this part of a split test, for `peakday merge`. */
function runSnapshot(opts: RunTestOptions, r: EngineResult, options: NonNullable<EngineResult['options']>, data: SummaryData, wallStartedAt: number): RunSnapshot {
  return {
    format: RUN_SNAPSHOT_FORMAT,
    script: opts.script,
    segment: opts.executionSegment ?? options.executionSegment ?? '0:1',
    sequence: opts.executionSegmentSequence ?? options.executionSegmentSequence ?? null,
    exit_code: r.exitCode,
    started_at: wallStartedAt,
    ended_at: Date.now(),
    test_run_duration_ms: r.testRunDurationMs,
    options: {
      thresholds: r.scriptOptions.thresholds,
      summaryTrendStats: options.summaryTrendStats,
      ...(typeof r.scriptOptions.summaryTimeUnit === 'string' ? { summaryTimeUnit: r.scriptOptions.summaryTimeUnit } : {}),
    },
    root_group: data.root_group,
    metrics: r.registry.snapshot(),
  };
}
