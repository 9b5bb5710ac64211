/**
 * `k6/execution` for one VU: live views over the VU and the run (scenario, vu, instance,
 * test). `vu.tags` / `vu.metrics.tags` is a live object: what the script sets there is added
 * to every later sample of this VU, as in k6.
 *
 * The views are instances of shared classes with their getters on the prototype: object
 * literals with getters would give every VU its own hidden classes (10,000 VUs).
 */
import { TestAbortError } from '../errors.ts';
import type { RunState } from './run-state.ts';
import type { Vu } from '../vu.ts';
import { moduleObject } from './module-object.ts';

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`exec.${what} is not available in the init context or setup/teardown`);
  return v;
}

class ScenarioView {
  constructor(private readonly vu: Vu) {}
  get name(): string {
    return need(this.vu.scenario?.name, 'scenario.name');
  }
  get executor(): string {
    return need(this.vu.scenario?.executor, 'scenario.executor');
  }
  get startTime(): number {
    return need(this.vu.scenario?.startWallMs, 'scenario.startTime');
  }
  get progress(): number {
    return need(this.vu.scenario?.progress, 'scenario.progress');
  }
  get iterationInInstance(): number {
    return this.vu.iterationInScenarioInstance;
  }
  get iterationInTest(): number {
    return this.vu.iterationInTest;
  }
}

const tagsHandler: ProxyHandler<Vu> = {
  set(vu, key, value) {
    if (typeof key !== 'string') return false;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TypeError(`vu.tags.${key}: only strings, numbers and booleans may be tags`);
    }
    vu.setCustomTag(key, String(value));
    return true;
  },
  deleteProperty(vu, key) {
    if (typeof key === 'string') vu.deleteCustomTag(key);
    return true;
  },
  get(vu, key) {
    if (typeof key !== 'string') return undefined;
    if (key in vu.customTags) return vu.customTags[key];
    return vu.scenario?.tags[key];
  },
  has(vu, key) {
    return typeof key === 'string' && (key in vu.customTags || (vu.scenario !== undefined && key in vu.scenario.tags));
  },
  ownKeys(vu) {
    return [...new Set([...Object.keys(vu.scenario?.tags ?? {}), ...Object.keys(vu.customTags)])];
  },
  getOwnPropertyDescriptor(vu, key) {
    const v = tagsHandler.get?.(vu, key, vu);
    return v === undefined ? undefined : { value: v, enumerable: true, configurable: true, writable: true };
  },
};

class VuView {
  readonly tags: Record<string, string>;
  readonly metrics: { tags: Record<string, string>; metadata: Record<string, string> };
  constructor(private readonly vu: Vu) {
    this.tags = new Proxy(vu, tagsHandler) as unknown as Record<string, string>;
    this.metrics = { tags: this.tags, metadata: {} };
  }
  get idInInstance(): number {
    return this.vu.idInInstance;
  }
  get idInTest(): number {
    return this.vu.idInTest;
  }
  get iterationInInstance(): number {
    return this.vu.iterationInInstance;
  }
  get iterationInScenario(): number {
    return this.vu.iterationInScenario;
  }
}

class InstanceView {
  constructor(private readonly run: RunState) {}
  get iterationsCompleted(): number {
    return this.run.stats.iterationsCompleted;
  }
  get iterationsInterrupted(): number {
    return this.run.stats.iterationsInterrupted;
  }
  get vusActive(): number {
    return this.run.stats.vusActive;
  }
  get vusInitialized(): number {
    return this.run.stats.vusInitialized;
  }
  get currentTestRunDuration(): number {
    return this.run.testStartedAt ? performance.now() - this.run.testStartedAt : 0;
  }
}

class TestView {
  constructor(private readonly run: RunState) {}
  /** An own arrow, so `const { abort } = exec.test` works too. */
  readonly abort = (reason?: string): never => {
    const why = reason === undefined ? 'test aborted' : String(reason);
    this.run.abortTest(why);
    throw new TestAbortError(why);
  };
  get options(): Readonly<Record<string, unknown>> {
    return this.run.scriptOptions;
  }
}

export function createExecutionModule(vu: Vu, run: RunState) {
  return moduleObject({ scenario: new ScenarioView(vu), vu: new VuView(vu), instance: new InstanceView(run), test: new TestView(run) });
}
