/**
 * `k6/execution` for one VU: live getters over the VU and the run (scenario, vu, instance,
 * test). `vu.tags` / `vu.metrics.tags` is a live object: what the script sets there is added
 * to every later sample of this VU, as in k6.
 */
import { TestAbortError } from '../errors.ts';
import type { RunState } from '../run-state.ts';
import type { Vu } from '../vu.ts';

export function createExecutionModule(vu: Vu, run: RunState) {
  const tags = new Proxy(vu.customTags, {
    set(_t, key, value) {
      if (typeof key !== 'string') return false;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new TypeError(`vu.tags.${key}: only strings, numbers and booleans may be tags`);
      }
      vu.setCustomTag(key, String(value));
      return true;
    },
    deleteProperty(_t, key) {
      if (typeof key === 'string') vu.deleteCustomTag(key);
      return true;
    },
    get(t, key) {
      if (typeof key !== 'string') return undefined;
      if (key in t) return t[key];
      return vu.scenario?.tags[key];
    },
  });
  const scenario = {
    get name() {
      return need(vu.scenario?.name, 'scenario.name');
    },
    get executor() {
      return need(vu.scenario?.executor, 'scenario.executor');
    },
    get startTime() {
      return need(vu.scenario?.startWallMs, 'scenario.startTime');
    },
    get progress() {
      return need(vu.scenario?.progress, 'scenario.progress');
    },
    get iterationInInstance() {
      return vu.iterationInScenarioInstance;
    },
    get iterationInTest() {
      return vu.iterationInTest;
    },
  };
  const vuInfo = {
    get idInInstance() {
      return vu.idInInstance;
    },
    get idInTest() {
      return vu.idInTest;
    },
    get iterationInInstance() {
      return vu.iterationInInstance;
    },
    get iterationInScenario() {
      return vu.iterationInScenario;
    },
    tags,
    metrics: { tags, metadata: {} as Record<string, string> },
  };
  const instance = {
    get iterationsCompleted() {
      return run.stats.iterationsCompleted;
    },
    get iterationsInterrupted() {
      return run.stats.iterationsInterrupted;
    },
    get vusActive() {
      return run.stats.vusActive;
    },
    get vusInitialized() {
      return run.stats.vusInitialized;
    },
    get currentTestRunDuration() {
      return run.testStartedAt ? performance.now() - run.testStartedAt : 0;
    },
  };
  const test = {
    abort(reason?: string): never {
      const why = reason === undefined ? 'test aborted' : String(reason);
      run.abortTest(why);
      throw new TestAbortError(why);
    },
    get options() {
      return run.scriptOptions;
    },
  };
  function need<T>(v: T | undefined, what: string): T {
    if (v === undefined) throw new Error(`exec.${what} is not available in the init context or setup/teardown`);
    return v;
  }
  const mod = { scenario, vu: vuInfo, instance, test };
  return { ...mod, default: mod };
}
