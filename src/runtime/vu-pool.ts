/**
 * The instance's VUs: idle ones waiting for an executor, and how new ones are made. A VU is
 * initialised once (its own init context) and reused by every scenario that takes it, as in
 * k6. Ids in the test come from the execution segment so instances never share one.
 */
import type { ExecutionTuple } from './execution-segment.ts';
import type { RunState } from './modules/run-state.ts';
import { initVuContext, type LoadedScript } from './script-loader.ts';
import { Vu } from './vu.ts';

export class VuPool {
  private readonly idle: Vu[] = [];
  private count = 0;

  constructor(
    private readonly script: LoadedScript,
    private readonly run: RunState,
    private readonly tuple: ExecutionTuple,
  ) {}

  get initialised(): number {
    return this.count;
  }

  /** Makes a VU now (synchronous: runs the script's init context). Throws on an init exception. */
  create(): Vu {
    const id = ++this.count;
    const vu = new Vu(id, this.tuple.globalIndex(id - 1) + 1);
    initVuContext(vu, this.script, this.run, { ...this.run.env });
    this.run.stats.vusInitialized = this.count;
    return vu;
  }

  /** Makes `n` VUs into the idle list, yielding to the event loop now and then. */
  async preallocate(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      this.idle.push(this.create());
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
  }

  take(): Vu | undefined {
    return this.idle.pop();
  }

  give(vu: Vu): void {
    this.idle.push(vu);
  }
}
