/**
 * One virtual user: its own instance of the script's module (k6 gives every VU its own init
 * context), its identity, and the state the k6 modules read while it runs (scenario, group,
 * tags, the signal that interrupts its iteration). VUs share one JS realm, so everything a
 * module needs about "the current VU" comes from this object, closed over when the VU's module
 * instances are made, never from a global.
 */
import type { Tags } from './metrics/registry.ts';

export interface VuScenario {
  readonly name: string;
  readonly executor: string;
  /** Clock ms when the scenario started. */
  readonly startedAt: number;
  readonly startWallMs: number;
  /** options.tags + scenario tags + {scenario}. */
  readonly tags: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
  progress: number;
  iterationsStarted: number;
}

/** Hooks the bundle's factory hands back so the VU can move its `__ITER`/`__ENV` bindings. */
export interface ScriptBindings {
  setIter(n: number): void;
  setEnv(env: Record<string, string>): void;
}

/**
 * A VU's interruption. Every request and sleep checks and subscribes to it, so it is a plain
 * flag and Set rather than an AbortSignal, whose EventTarget costs more per subscription.
 * Once fired it stays fired.
 */
export class Interruption {
  aborted = false;
  private readonly handlers = new Set<() => void>();
  on(fn: () => void): void {
    this.handlers.add(fn);
  }
  off(fn: () => void): void {
    this.handlers.delete(fn);
  }
  fire(): void {
    if (this.aborted) return;
    this.aborted = true;
    const hs = [...this.handlers];
    this.handlers.clear();
    for (const h of hs) h();
  }
}

export class Vu {
  scenario: VuScenario | undefined;
  /** Iterations this VU started, across scenarios. */
  iterationInInstance = -1;
  /** Iterations this VU started in the current scenario (k6's `__ITER`). */
  iterationInScenario = -1;
  /** The current scenario's iteration number across the test, when the executor knows it. */
  iterationInTest = -1;
  iterationInScenarioInstance = -1;
  /** Names of the enclosing groups, outermost first. */
  groupPath: string[] = [];
  /** k6 group tag: "" at the root, "::a::b" nested. */
  groupTag = '';
  /** `exec.vu.tags` / `exec.vu.metrics.tags`: set by the script, added to every sample. */
  readonly customTags: Record<string, string> = {};
  private customTagCount = 0;
  inInit = true;
  busy = false;
  /** Fired when the VU's current iteration must stop (gracefulStop/gracefulRampDown expired). */
  readonly interruption = new Interruption();
  exports: Record<string, unknown> = {};
  bindings: ScriptBindings | undefined;
  private cachedTags: Tags | undefined;

  constructor(
    readonly idInInstance: number,
    readonly idInTest: number,
  ) {}

  /**
   * Abandons the VU's current iteration (graceful stop expired). Permanent: the abandoned
   * iteration may still hold continuations, and every later sleep or request of this VU must
   * park them, so an interrupted VU is retired, never reused.
   */
  interrupt(): void {
    this.interruption.fire();
  }

  get retired(): boolean {
    return this.interruption.aborted;
  }

  /** Called when an executor takes the VU for a scenario. */
  activate(scenario: VuScenario): void {
    if (this.scenario !== scenario) {
      this.scenario = scenario;
      this.iterationInScenario = -1;
      this.bindings?.setEnv({ ...scenario.env });
    }
    this.cachedTags = undefined;
  }

  beginIteration(iterationInTest: number): void {
    this.iterationInInstance++;
    this.iterationInScenario++;
    this.iterationInTest = iterationInTest;
    // keep the cached tags (and with them the http tag cache) across iterations when the
    // previous one ended at the root group, as it normally does
    if (this.groupPath.length > 0 || this.groupTag !== '') {
      this.groupPath = [];
      this.groupTag = '';
      this.cachedTags = undefined;
    }
    this.bindings?.setIter(this.iterationInScenario);
  }

  enterGroup(name: string): void {
    this.groupPath.push(name);
    this.groupTag = '::' + this.groupPath.join('::');
    this.cachedTags = undefined;
  }

  leaveGroup(): void {
    this.groupPath.pop();
    this.groupTag = this.groupPath.length === 0 ? '' : '::' + this.groupPath.join('::');
    this.cachedTags = undefined;
  }

  setCustomTag(key: string, value: string): void {
    this.customTags[key] = value;
    this.customTagCount++;
    this.cachedTags = undefined;
  }

  deleteCustomTag(key: string): void {
    delete this.customTags[key];
    this.cachedTags = undefined;
  }

  /** The tags every sample of this VU carries now (scenario tags, custom tags, group). Cached. */
  tags(): Tags {
    if (this.cachedTags) return this.cachedTags;
    const t: Record<string, string> = { ...(this.scenario?.tags ?? {}) };
    if (this.customTagCount > 0) Object.assign(t, this.customTags);
    t.group = this.groupTag;
    this.cachedTags = t;
    return t;
  }
}
