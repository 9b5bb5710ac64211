/**
 * The engine: runs one test the way `k6 run` does — init, options and threshold validation
 * (exit 104 before any traffic), VU pre-allocation, setup(), the scenarios on their start
 * times, teardown(), threshold verdicts — and reports what happens only as events:
 *   start {scenarios}, tick {elapsedMs, vus, vusMax, iterations, dropped, interrupted},
 *   iteration {scenario}, dropped {scenario, count}, warning {message}, log {level, message},
 *   end {exitCode}.
 * It never writes to the terminal; progress and the CLI subscribe.
 */
import { EventEmitter } from 'node:events';
import { ExitCode, type ExitCodeValue } from '../../lib/cli/exit-codes.ts';
import { RuntimeError, TestAbortError } from './errors.ts';
import type { ExecutionTuple } from './execution-segment.ts';
import type { Scenario } from './executors/index.ts';
import { IterationErrors } from './iteration-errors.ts';
import { defineBuiltins, MetricsRegistry } from './metrics/registry.ts';
import { HttpClient } from './modules/http-client.ts';
import { DEFAULT_EXPECTED } from './modules/http-params.ts';
import type { CliOverrides, ResolvedOptions } from './options/script-options.ts';
import { checkRunConfig } from './run-config.ts';
import type { LogLevel, RunState } from './modules/run-state.ts';
import { runScenarioExecutor } from './scenario-run.ts';
import { loadScript, initVuContext, type LoadedScript } from './script-loader.ts';
import { GroupTree } from './summary/group-tree.ts';
import type { ThresholdEvaluator } from './thresholds/index.ts';
import { Vu } from './vu.ts';
import { VuPool } from './vu-pool.ts';

export interface EngineOptions {
  script: string;
  /** -e K=V values; with `systemEnv`, over the process environment (k6's order). */
  env?: Record<string, string>;
  systemEnv?: boolean;
  cli?: CliOverrides;
  executionSegment?: string;
  executionSegmentSequence?: string;
  allowRemote?: string[];
  /** Threshold evaluation period during the run (k6: 2 s). */
  thresholdPeriodMs?: number;
  tickMs?: number;
}

export interface EngineResult {
  exitCode: ExitCodeValue;
  /** Set when the run stopped on an error before or outside the scenarios. */
  error?: RuntimeError;
  registry: MetricsRegistry;
  groups: GroupTree;
  evaluator: ThresholdEvaluator | null;
  options: ResolvedOptions | null;
  /** The script's exported options, as the summary reads them. */
  scriptOptions: Record<string, unknown>;
  testRunDurationMs: number;
  iterationErrors: number;
  /** Runs the script's handleSummary(data) if it has one; resolves to its outputs or null. */
  handleSummary(data: unknown): Promise<Record<string, unknown> | null>;
  /** Frees the HTTP pools and the temporary bundle. */
  dispose(): Promise<void>;
}

export class Engine extends EventEmitter {
  /** Every sample of the run; outputs may subscribe (onSample) before `run()`. */
  readonly registry = new MetricsRegistry();
  readonly groups = new GroupTree();
  private readonly stop = new AbortController();
  private abortReason: string | null = null;
  private thresholdAbort = false;
  private externalStop = false;

  constructor(private readonly opts: EngineOptions) {
    super();
    defineBuiltins(this.registry);
  }

  /** Stops the test now (like Ctrl-C in k6); teardown and the summary still run. */
  interrupt(reason = 'interrupted'): void {
    this.warn(`stopping the test: ${reason}`);
    this.externalStop = true;
    this.stop.abort();
  }

  /**
   * The run's periodic work: the `vus` gauges and `tick` event every second, threshold
   * evaluation every 2 s (an abortOnFail failure stops the test), and the hard deadline.
   * Returns the function that stops them all.
   */
  private startTimers(t: {
    state: RunState;
    pool: VuPool;
    evaluator: ThresholdEvaluator | null;
    options: ResolvedOptions;
    elapsed: () => number;
    dropped: () => number;
  }): () => void {
    const { state, pool, evaluator, options, elapsed } = t;
    const registry = this.registry;
    const tick = setInterval(() => {
      registry.add('vus', state.stats.vusActive, {});
      registry.add('vus_max', pool.initialised, {});
      this.emit('tick', {
        elapsedMs: elapsed(),
        vus: state.stats.vusActive,
        vusMax: pool.initialised,
        iterations: state.stats.iterationsCompleted,
        interrupted: state.stats.iterationsInterrupted,
        dropped: t.dropped(),
      });
    }, this.opts.tickMs ?? 1000);
    const thresholds = evaluator
      ? setInterval(() => {
          const r = evaluator.evaluate(elapsed(), false);
          if (r.abort && !this.thresholdAbort) {
            this.thresholdAbort = true;
            this.warn('a threshold with abortOnFail failed: stopping the test');
            this.stop.abort();
          }
        }, this.opts.thresholdPeriodMs ?? 2000)
      : undefined;
    // the hard deadline: no scenario may outlive its own maximum (plus slack for its VUs to settle)
    const longest = Math.max(0, ...options.scenarios.map((s) => s.config.startTimeMs + s.executor.maxDurationMs(s.config)));
    const deadline = setTimeout(() => {
      this.warn(`hard deadline reached (${Math.round(longest / 1000)}s + 10s): stopping the test`);
      this.stop.abort();
    }, longest + 10_000);
    return () => {
      clearInterval(tick);
      if (thresholds) clearInterval(thresholds);
      clearTimeout(deadline);
    };
  }

  private warn(message: string): void {
    this.emit('warning', { message });
  }

  /**
   * Runs the test: init and validation, VUs and setup(), the scenarios, teardown() and the
   * verdict. A failure before the scenarios ends the run with its error (and exit code) at once;
   * after them, teardown and the thresholds still decide the exit code.
   */
  async run(): Promise<EngineResult> {
    const errors = new IterationErrors((line) => this.emit('log', { level: 'error', message: line }));
    const held: Held = {};
    const base = this.baseResult(errors, held);
    let ready: Ready;
    let pool: VuPool;
    let setupJson: string;
    try {
      ready = await this.initialise(base, held);
      pool = await this.preallocateVus(ready);
      setupJson = await this.runSetup(ready);
    } catch (e) {
      if (!(e instanceof EndBeforeScenarios)) throw e;
      this.emit('end', { exitCode: e.error.exitCode });
      return { ...base, exitCode: e.error.exitCode, error: e.error };
    }
    const scenarioError = await this.runScenarios(ready, pool, setupJson, errors, base);
    const { exit, error } = await this.finish(ready, setupJson, scenarioError, base);
    this.emit('end', { exitCode: exit });
    return { ...base, exitCode: exit, ...(error ? { error } : {}) };
  }

  /** The result's fields known before the exit code; filled in as the run gets further. */
  private baseResult(errors: IterationErrors, held: Held): BaseResult {
    return {
      registry: this.registry,
      groups: this.groups,
      evaluator: null,
      options: null,
      scriptOptions: {},
      testRunDurationMs: 0,
      get iterationErrors() {
        return errors.total;
      },
      handleSummary: async (_data: unknown): Promise<Record<string, unknown> | null> => null,
      dispose: async () => {
        await held.http?.close();
        await held.script?.dispose();
      },
    };
  }

  /** Loads the script, runs the init VU's init context (options, exports) and validates the run's configuration. */
  private async initialise(base: BaseResult, held: Held): Promise<Ready> {
    const env = { ...(this.opts.systemEnv ? (process.env as Record<string, string>) : {}), ...(this.opts.env ?? {}) };
    const script = await orEndRun(() => loadScript(this.opts.script));
    held.script = script;
    const state = this.runState(script, env);
    // the init context of the "init VU" (id 0): options and exports
    const initVu = new Vu(0, 0);
    await orEndRun(() => initVuContext(initVu, script, state, { ...env }));
    const rawOptions = (initVu.exports.options ?? {}) as Record<string, unknown>;
    base.scriptOptions = rawOptions;
    const { options, tuple, evaluator, problems } = checkRunConfig({
      rawOptions,
      exports: initVu.exports,
      registry: this.registry,
      ...(this.opts.cli ? { cli: this.opts.cli } : {}),
      ...(this.opts.executionSegment ? { executionSegment: this.opts.executionSegment } : {}),
      ...(this.opts.executionSegmentSequence ? { executionSegmentSequence: this.opts.executionSegmentSequence } : {}),
    });
    if (problems.length > 0) {
      throw new EndBeforeScenarios(new RuntimeError('PD_RT_INVALID_OPTIONS', '\n  - ' + problems.join('\n  - ')));
    }
    base.options = options;
    base.evaluator = evaluator;
    state.options = options;
    (state as { scriptOptions: Record<string, unknown> }).scriptOptions = rawOptions;
    const totalMaxVus = options.scenarios.reduce((a, s) => a + s.executor.maxVUs(s.config, tuple), 0);
    // One connection per VU that may be in a request at once, bounded: k6 gives each VU its own
    // connections; a pool per origin with this many is the same ceiling without per-VU pools.
    held.http = new HttpClient({ connectionsPerOrigin: Math.max(1, Math.min(totalMaxVus * Math.max(1, Math.min(options.batch, 4)), 4096)) });
    (state as { http: HttpClient }).http = held.http;
    base.handleSummary = async (data: unknown) => {
      const fn = initVu.exports.handleSummary;
      if (typeof fn !== 'function') return null;
      return (await fn(data)) as Record<string, unknown>;
    };
    return { script, state, initVu, options, tuple, evaluator };
  }

  /** What the modules of every VU share; options and the HTTP client are set once validated. */
  private runState(script: LoadedScript, env: Record<string, string>): RunState {
    return {
      registry: this.registry,
      groups: this.groups,
      options: null as unknown as ResolvedOptions,
      scriptOptions: {},
      http: null as unknown as HttpClient,
      allowRemote: this.opts.allowRemote ?? [],
      scriptDir: script.scriptDir,
      env,
      stats: { iterationsCompleted: 0, iterationsInterrupted: 0, vusActive: 0, vusInitialized: 0 },
      testStartedAt: 0,
      openCache: new Map(),
      log: (level: LogLevel, message: string) => this.emit('log', { level, message }),
      abortTest: (reason: string) => {
        if (this.abortReason === null) {
          this.abortReason = reason;
          this.warn(`test aborted by the script: ${reason}`);
        }
        this.stop.abort();
      },
      responseCallback: DEFAULT_EXPECTED,
    };
  }

  private async preallocateVus({ script, state, tuple, options }: Ready): Promise<VuPool> {
    const pool = new VuPool(script, state, tuple);
    await orEndRun(() => pool.preallocate(options.scenarios.reduce((a, s) => a + s.executor.preAllocatedVUs(s.config, tuple), 0)));
    this.registry.add('vus_max', pool.initialised, {});
    return pool;
  }

  /** Runs setup() if the script has one; its result, as JSON, is what every VU and teardown receive. */
  private async runSetup({ initVu, options }: Ready): Promise<string> {
    const setup = initVu.exports.setup;
    if (typeof setup !== 'function') return 'null';
    try {
      const data = await withTimeout(Promise.resolve().then(() => setup()), options.setupTimeoutMs, 'setup()');
      return JSON.stringify(data ?? null) ?? 'null';
    } catch (e) {
      if (e instanceof TestAbortError || this.abortReason !== null) {
        throw new EndBeforeScenarios(new TestAbortError(this.abortReason ?? (e as Error).message));
      }
      throw new EndBeforeScenarios(new RuntimeError('PD_RT_SETUP_EXCEPTION', (e as Error)?.stack ?? String(e), { cause: e }));
    }
  }

  /**
   * Every scenario on its executor, together, with the run's timers. A scenario that fails
   * outside its iterations (a VU's init context throwing mid-test) stops the test: its error is
   * returned (exit 107), and the rest is still torn down and summarised.
   */
  private async runScenarios(ready: Ready, pool: VuPool, setupJson: string, errors: IterationErrors, base: BaseResult): Promise<RuntimeError | undefined> {
    const { state, options, tuple, evaluator } = ready;
    const now = () => performance.now();
    const startedAt = now();
    state.testStartedAt = startedAt;
    const elapsed = () => now() - startedAt;
    this.emit('start', { scenarios: options.scenarios.map((s) => ({ name: s.name, executor: s.config.executor })) });
    let dropped = 0;
    const onDropped = (scenario: string, count: number) => {
      dropped += count;
      this.emit('dropped', { scenario, count });
    };
    const stopTimers = this.startTimers({ state, pool, evaluator, options, elapsed, dropped: () => dropped });
    let scenarioError: RuntimeError | undefined;
    await Promise.all(
      options.scenarios.map((s: Scenario) =>
        runScenarioExecutor({ scenario: s, pool, state, tuple, setupJson, errors, stopSignal: this.stop.signal, startedAt, onDropped, emitter: this, warn: (m) => this.warn(m) }).catch((e) => {
          scenarioError ??= asRuntimeError(e, 'PD_RT_INIT_EXCEPTION');
          this.emit('log', { level: 'error', message: `scenario ${s.name} failed: ${scenarioError.message}` });
          this.stop.abort();
        }),
      ),
    );
    stopTimers();
    errors.flush();
    base.testRunDurationMs = elapsed();
    this.registry.add('vus', 0, {});
    return scenarioError;
  }

  /**
   * teardown(), then the exit code as k6 decides it: a script abort (108) over everything, an
   * abortOnFail threshold (99), an exception (107), failed thresholds (99), a stop from outside (105).
   */
  private async finish(ready: Ready, setupJson: string, scenarioError: RuntimeError | undefined, base: BaseResult): Promise<{ exit: ExitCodeValue; error: RuntimeError | undefined }> {
    let exit: ExitCodeValue = scenarioError ? ExitCode.SCRIPT_EXCEPTION : ExitCode.OK;
    let error: RuntimeError | undefined = scenarioError;
    const teardown = ready.initVu.exports.teardown;
    if (typeof teardown === 'function') {
      try {
        await withTimeout(Promise.resolve().then(() => teardown(JSON.parse(setupJson))), ready.options.teardownTimeoutMs, 'teardown()');
      } catch (e) {
        if (!(e instanceof TestAbortError)) {
          error = new RuntimeError('PD_RT_TEARDOWN_EXCEPTION', (e as Error)?.stack ?? String(e), { cause: e });
          exit = ExitCode.SCRIPT_EXCEPTION;
        }
      }
    }
    if (ready.evaluator) {
      const r = ready.evaluator.evaluate(base.testRunDurationMs, true);
      if (r.failed && exit === ExitCode.OK) exit = ExitCode.THRESHOLDS_FAILED;
    }
    if (this.abortReason !== null) {
      exit = ExitCode.SCRIPT_ABORTED;
      error = new TestAbortError(this.abortReason);
    } else if (this.thresholdAbort) exit = ExitCode.THRESHOLDS_FAILED;
    else if (this.externalStop && exit === ExitCode.OK) exit = ExitCode.EXTERNAL_ABORT;
    return { exit, error };
  }
}

/** The result's fields other than the exit code and error. */
type BaseResult = Omit<EngineResult, 'exitCode' | 'error'>;

/** What the run holds that `dispose()` frees, set as the run gets that far. */
interface Held {
  script?: LoadedScript;
  http?: HttpClient;
}

/** A validated run, ready for its VUs. */
interface Ready {
  script: LoadedScript;
  state: RunState;
  initVu: Vu;
  options: ResolvedOptions;
  tuple: ExecutionTuple;
  evaluator: ThresholdEvaluator | null;
}

/** Ends the run before the scenarios with this error: init, validation, VU allocation or setup() failed. */
class EndBeforeScenarios extends Error {
  constructor(readonly error: RuntimeError) {
    super(error.message);
    this.name = 'EndBeforeScenarios';
  }
}

/** Runs an init-time step; anything it throws ends the run (exit 107 unless it is a RuntimeError of its own). */
async function orEndRun<T>(step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw new EndBeforeScenarios(asRuntimeError(e, 'PD_RT_INIT_EXCEPTION'));
  }
}

function asRuntimeError(e: unknown, code: 'PD_RT_INIT_EXCEPTION'): RuntimeError {
  if (e instanceof RuntimeError) return e;
  return new RuntimeError(code, (e as Error)?.stack ?? String(e), { cause: e });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what} timed out after ${ms}ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}
