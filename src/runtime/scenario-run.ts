/**
 * One scenario's run: waits for its startTime, builds the ExecutorContext its executor drives
 * (VU hand-out, iteration running with its samples, dropped counting) and runs the executor.
 * The iteration runner is the one place iteration_start_delay, iteration_duration and
 * iterations are emitted, so every executor reports them the same way.
 */
import type { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { TestAbortError } from './errors.ts';
import type { ExecutionTuple } from './execution-segment.ts';
import { sleepUntil, type ExecutorContext } from './executors/base-executor.ts';
import type { Scenario } from './executors/index.ts';
import type { IterationErrors } from './iteration-errors.ts';
import type { RunState } from './modules/run-state.ts';
import type { Interruption, Vu, VuScenario } from './vu.ts';
import type { VuPool } from './vu-pool.ts';

export interface ScenarioRunInput {
  scenario: Scenario;
  pool: VuPool;
  state: RunState;
  tuple: ExecutionTuple;
  setupJson: string;
  errors: IterationErrors;
  stopSignal: AbortSignal;
  /** Clock ms of the test start. */
  startedAt: number;
  onDropped(scenario: string, count: number): void;
  emitter: EventEmitter;
  warn(message: string): void;
}

export async function runScenarioExecutor(input: ScenarioRunInput): Promise<void> {
  const { scenario, pool, state, stopSignal } = input;
  const cfg = scenario.config;
  const now = () => performance.now();
  await sleepUntil({ now }, input.startedAt + cfg.startTimeMs, stopSignal);
  if (stopSignal.aborted) return;

  const vuScenario: VuScenario = {
    name: scenario.name,
    executor: cfg.executor,
    startedAt: now(),
    startWallMs: Date.now(),
    tags: { ...state.options.tags, ...cfg.tags, scenario: scenario.name },
    env: { ...state.env, ...cfg.env },
    progress: 0,
    iterationsStarted: 0,
  };
  const runIteration = iterationRunner(input, vuScenario, now);

  const take = (vu: Vu): Vu => {
    vu.activate(vuScenario);
    state.stats.vusActive++;
    state.registry.add('vus', state.stats.vusActive, {});
    return vu;
  };
  const ctx: ExecutorContext = {
    name: scenario.name,
    tuple: input.tuple,
    now,
    tryAcquireVu: () => {
      const vu = pool.take();
      return vu ? take(vu) : undefined;
    },
    initVu: async () => {
      // let the schedule's current tick finish before running an init context
      await new Promise((r) => setImmediate(r));
      return take(pool.create());
    },
    releaseVu: (vu: Vu) => {
      state.stats.vusActive--;
      state.registry.add('vus', state.stats.vusActive, {});
      if (!vu.retired) pool.give(vu);
    },
    runIteration,
    dropped: (n: number) => {
      if (n <= 0) return;
      state.registry.add('dropped_iterations', n, vuScenario.tags);
      input.onDropped(scenario.name, n);
    },
    warn: (m: string) => input.warn(`scenario ${scenario.name}: ${m}`),
    stopSignal,
    setProgress: (f: number) => {
      vuScenario.progress = f;
    },
  };
  await scenario.executor.run(cfg, ctx);
}

/**
 * The scenario's iteration runner: one iteration of `vu` with its samples
 * (iteration_start_delay, iteration_duration, iterations), interruption and error handling.
 */
function iterationRunner(input: ScenarioRunInput, vuScenario: VuScenario, now: () => number): ExecutorContext['runIteration'] {
  const { scenario, state, stopSignal, errors, emitter } = input;
  const cfg = scenario.config;
  const setupData = new WeakMap<Vu, unknown>();
  const dataFor = (vu: Vu) => {
    // each VU gets its own copy of setup()'s data, as k6 deserialises it per VU
    if (!setupData.has(vu)) setupData.set(vu, JSON.parse(input.setupJson));
    return setupData.get(vu);
  };
  const minIter = state.options.minIterationDurationMs;
  const listensIterations = () => emitter.listenerCount('iteration') > 0;
  const registry = state.registry;
  const startDelayMetric = registry.metric('iteration_start_delay');
  const durationMetric = registry.metric('iteration_duration');
  const iterationsMetric = registry.metric('iterations');

  return async (vu: Vu, scheduledAt: number, iterationInTest?: number): Promise<void> => {
    const start = now();
    const k = vuScenario.iterationsStarted++;
    vu.iterationInScenarioInstance = k;
    vu.beginIteration(iterationInTest ?? input.tuple.globalIndex(k));
    const tags = vu.tags();
    registry.record(startDelayMetric, Math.max(0, start - scheduledAt), tags, Date.now());
    const fn = vu.exports[cfg.exec] as (data: unknown) => unknown;
    let interrupted = false;
    try {
      const r = fn(dataFor(vu));
      if (r !== null && typeof r === 'object' && typeof (r as Promise<unknown>).then === 'function') await untilInterrupted(r as Promise<unknown>, vu.interruption);
    } catch (e) {
      if (e instanceof TestAbortError) interrupted = true;
      else if (vu.retired || stopSignal.aborted) interrupted = true;
      else errors.record(scenario.name, e);
    }
    if (interrupted || vu.retired) {
      state.stats.iterationsInterrupted++;
      return;
    }
    let duration = now() - start;
    if (minIter > 0 && duration < minIter) {
      await untilInterrupted(delay(minIter - duration), vu.interruption);
      if (vu.retired) {
        state.stats.iterationsInterrupted++;
        return;
      }
      duration = now() - start;
    }
    const at = Date.now();
    registry.record(durationMetric, duration, tags, at);
    registry.record(iterationsMetric, 1, tags, at);
    state.stats.iterationsCompleted++;
    if (listensIterations()) emitter.emit('iteration', { scenario: scenario.name });
  };
}

/** Settles with `p`, or resolves as soon as the VU is interrupted (the iteration is then abandoned). */
function untilInterrupted(p: Promise<unknown>, stop: Interruption): Promise<unknown> {
  if (stop.aborted) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onStop = resolver(resolve);
    stop.on(onStop);
    p.then(
      (v) => {
        stop.off(onStop);
        resolve(v);
      },
      (e) => {
        stop.off(onStop);
        reject(e);
      },
    );
  });
}

/** `() => resolve(undefined)`, made by a function: tsx names a closure bound to a const with an Object.defineProperty per iteration. */
function resolver(resolve: (v: unknown) => void): () => void {
  return () => resolve(undefined);
}
