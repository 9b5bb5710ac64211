/**
 * What every executor shares: the scenario options common to all of them (startTime,
 * gracefulStop, exec, env, tags), the field readers their validations use (each reports its
 * problem and the validation keeps going), the context the engine hands an executor, and the
 * precise timer the arrival-rate executors schedule with.
 */
import type { ExecutionTuple } from '../execution-segment.ts';
import { parseDuration } from '../duration.ts';
import { FieldCheck } from '../../../lib/config/field-check.ts';
import type { Vu } from '../vu.ts';

export const SCENARIO_NAME = /^[0-9a-zA-Z_-]+$/;

export interface BaseScenarioConfig {
  executor: string;
  startTimeMs: number;
  gracefulStopMs: number;
  exec: string;
  env: Readonly<Record<string, string>>;
  tags: Readonly<Record<string, string>>;
}

const BASE_KEYS = ['executor', 'startTime', 'gracefulStop', 'exec', 'env', 'tags'] as const;

/**
 * Reads the fields of one scenario object with lib's FieldCheck: every problem in its format at
 * the field's path (`scenarios.NAME.vus: expected an integer >= 1, got 0`), unknown keys named.
 * A wrong value reads as its default (or the minimum) so the reading goes on.
 */
export class FieldReader {
  private readonly check = new FieldCheck();
  readonly path: string;
  constructor(
    readonly scenario: string,
    readonly raw: Readonly<Record<string, unknown>>,
    ownKeys: readonly string[],
  ) {
    this.path = `scenarios.${scenario}`;
    this.check.onlyKeys(raw, [...BASE_KEYS, ...ownKeys], this.path);
  }

  get errors(): string[] {
    return this.check.problems;
  }

  /** A problem of the scenario as a whole (two fields that disagree). */
  fail(msg: string): void {
    this.check.add(this.path, msg);
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  private at(key: string): string {
    return `${this.path}.${key}`;
  }

  /** Whether `read` added no problem, and its value. */
  private clean<T>(read: () => T): { ok: boolean; value: T } {
    const before = this.check.problems.length;
    const value = read();
    return { ok: this.check.problems.length === before, value };
  }

  /** A whole number >= min; `def` undefined means required. */
  int(key: string, def: number | undefined, min: number): number {
    const v = this.raw[key];
    if (v === undefined && def !== undefined) return def;
    const r = this.clean(() => this.check.int(v, this.at(key), min, Infinity));
    return r.ok ? r.value : (def ?? min);
  }

  duration(key: string, def: number | undefined, minMs = 0): number {
    const v = this.raw[key];
    if (v === undefined && def !== undefined) return def;
    const r = parseDuration(v);
    if (!r.ok) this.check.add(this.at(key), v === undefined ? 'expected a duration like "30s", got nothing' : r.error);
    else if (r.ms < minMs) this.check.expected(this.at(key), `a duration of at least ${minMs} ms`, v);
    else return r.ms;
    return def ?? minMs;
  }

  stringMap(key: string): Record<string, string> {
    const v = this.raw[key];
    const out: Record<string, string> = {};
    if (v === undefined) return out;
    for (const [k, x] of Object.entries(this.check.obj(v, this.at(key)))) {
      if (typeof x === 'string') out[k] = x;
      else this.check.expected(`${this.at(key)}.${k}`, 'a string', x);
    }
    return out;
  }

  /** `stages: [{duration, target}]`, at least one. */
  stages(key: string): Stage[] {
    const v = this.raw[key];
    if (Array.isArray(v) && v.length === 0) this.check.expected(this.at(key), 'at least one stage {duration, target}', v);
    const out: Stage[] = [];
    this.check.arr(v, this.at(key), 0, Infinity).forEach((s, i) => {
      const path = `${this.at(key)}[${i}]`;
      const st = this.check.obj(s, path);
      this.check.onlyKeys(st, ['duration', 'target'], path);
      const d = parseDuration(st.duration);
      if (!d.ok) this.check.add(`${path}.duration`, st.duration === undefined ? 'expected a duration like "30s", got nothing' : d.error);
      const t = this.clean(() => this.check.int(st.target, `${path}.target`, 0, Infinity));
      if (d.ok && t.ok) out.push({ durationMs: d.ms, target: t.value });
    });
    return out;
  }

  base(): BaseScenarioConfig {
    const exec = this.check.optStr(this.raw.exec, this.at('exec'));
    return {
      executor: String(this.raw.executor),
      startTimeMs: this.duration('startTime', 0),
      gracefulStopMs: this.duration('gracefulStop', 30_000),
      exec: exec || 'default',
      env: this.stringMap('env'),
      tags: this.stringMap('tags'),
    };
  }
}

export interface Stage {
  durationMs: number;
  target: number;
}

/** What the engine gives an executor for one scenario run. */
export interface ExecutorContext {
  readonly name: string;
  readonly tuple: ExecutionTuple;
  /** Clock in ms (performance.now()). */
  now(): number;
  /** An idle initialised VU, or undefined when none is free. */
  tryAcquireVu(): Vu | undefined;
  /** Initialises a new VU (counts against the instance's VU budget); resolves when ready. */
  initVu(): Promise<Vu>;
  releaseVu(vu: Vu): void;
  /**
   * Runs one iteration on `vu`. `scheduledAt` is when it should have started (clock ms), for
   * iteration_start_delay; `iterationInTest` the global iteration number when the executor knows it.
   * Never rejects.
   */
  runIteration(vu: Vu, scheduledAt: number, iterationInTest?: number): Promise<void>;
  /** `dropped_iterations` += n, tagged with the scenario. */
  dropped(n: number): void;
  warn(message: string): void;
  /** Set when the whole test must stop now (test.abort(), a threshold's abortOnFail, the hard deadline). */
  readonly stopSignal: AbortSignal;
  /** 0..1, for k6/execution scenario.progress. */
  setProgress(fraction: number): void;
}

export interface ExecutorDefinition<C extends BaseScenarioConfig> {
  readonly type: string;
  /** Validates a raw scenario object: reports every problem, changes nothing. */
  parse(name: string, raw: Readonly<Record<string, unknown>>): { config: C; errors: string[] };
  /** VUs to initialise before the test starts (after segment scaling). */
  preAllocatedVUs(config: C, tuple: ExecutionTuple): number;
  /** The most VUs the scenario may ever use (after segment scaling). */
  maxVUs(config: C, tuple: ExecutionTuple): number;
  /** Longest the scenario may run from its startTime, gracefulStop included. */
  maxDurationMs(config: C): number;
  run(config: C, ctx: ExecutorContext): Promise<void>;
}

/** Resolves at clock time `at` (ms, performance.now()), or early when `signal` aborts. */
export function sleepUntil(ctx: { now(): number }, at: number, signal: AbortSignal): Promise<void> {
  const wait = at - ctx.now();
  if (wait <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, wait);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waiting for the arrival-rate schedules. Node's timers have 1 ms granularity and fire late
 * under load, so there are two strategies:
 *  - `spin` (sparse schedules, iterations ≥ 10 ms apart): setTimeout to ~1 ms before the due
 *    time, then setImmediate polls the clock, so the start is within a fraction of a ms on an
 *    idle core and the polling costs at most ~1.5 ms of CPU per iteration gap;
 *  - tick (dense schedules): setTimeout(1) and let the caller start every iteration that fell
 *    due in one batch. Polling a dense schedule would keep a core busy for nothing; batching
 *    keeps starts within about a millisecond of due.
 */
export function preciseWaitUntil(now: () => number, at: number, signal: AbortSignal, spin = true): Promise<void> {
  return new Promise((resolve) => {
    const step = () => {
      if (signal.aborted) return resolve();
      const left = at - now();
      if (left <= 0) return resolve();
      if (!spin || left > 1.5) setTimeout(step, Math.max(1, Math.floor(left - (spin ? 1 : 0))));
      else setImmediate(step);
    };
    step();
  });
}

/**
 * The iterations an executor has running, by VU. `drain` is the end of every executor: wait
 * for them at most `graceMs` (gracefulStop), then interrupt the VUs still busy (their http
 * requests and sleeps reject at once) and give them a moment to settle.
 */
export class InFlight {
  private readonly running = new Map<Vu, Promise<void>>();

  get size(): number {
    return this.running.size;
  }

  run(ctx: ExecutorContext, vu: Vu, scheduledAt: number, iterationInTest?: number): Promise<void> {
    // then(done, fail) rather than finally(): finally costs three more promises per iteration
    const p = ctx.runIteration(vu, scheduledAt, iterationInTest).then(
      () => {
        this.running.delete(vu);
      },
      (e: unknown) => {
        this.running.delete(vu);
        throw e;
      },
    );
    this.running.set(vu, p);
    return p;
  }

  isBusy(vu: Vu): boolean {
    return this.running.has(vu);
  }

  /** Returns how many iterations had to be interrupted. */
  async drain(graceMs: number, stopSignal: AbortSignal, only?: (vu: Vu) => boolean): Promise<number> {
    const pending = () => [...this.running.entries()].filter(([vu]) => !only || only(vu));
    if (pending().length === 0) return 0;
    const gone = new AbortController();
    const stop = () => gone.abort();
    stopSignal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(stop, graceMs);
    await Promise.race([
      Promise.all(pending().map(([, p]) => p)),
      new Promise<void>((r) => gone.signal.addEventListener('abort', () => r(), { once: true })),
    ]);
    clearTimeout(timer);
    stopSignal.removeEventListener('abort', stop);
    const left = pending();
    for (const [vu] of left) vu.interrupt();
    // An interrupted iteration settles as soon as its pending await rejects; one stuck in pure
    // computation or an un-interruptible await is abandoned after 1 s.
    if (left.length > 0) await Promise.race([Promise.all(left.map(([, p]) => p)), new Promise((r) => setTimeout(r, 1000))]);
    return left.length;
  }
}
