/**
 * Calls an adapter's operations the way the shim and the validation need them called: bounded
 * by a timeout, the answer's shape checked, and the time spent inside the adapter (the ERP's
 * latency, as the shim sees it) recorded per operation in an HDR histogram, apart from the
 * shim's own overhead. Every failure becomes a ShimError naming the operation, or passes
 * through as the adapter's own refusal (ErpAdapterError).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { LatencyHistogram } from '../../lib/hdr/latency-histogram.ts';
import { isRefusal, ShimError } from './adapter-errors.ts';
import { answerProblems } from './answer-shapes.ts';
import type { ErpAdapter, OperationName } from './erp-adapter.ts';

/** Per request: the time its adapter calls took (ms), so the shim can tell its own time apart. */
export const erpTimeOfRequest = new AsyncLocalStorage<{ ms: number }>();

export class GuardedAdapter {
  /** Time inside the adapter per operation (ms). */
  readonly erpLatency = new Map<OperationName, LatencyHistogram>();

  constructor(
    readonly adapter: ErpAdapter,
    readonly timeoutMs: number,
  ) {}

  has(op: OperationName): boolean {
    return typeof (this.adapter as unknown as Record<string, unknown>)[op] === 'function';
  }

  /**
   * Calls `op` with `args`; `check` carries what the answer is checked against.
   * Resolves with the answer as the operation's declared type.
   */
  async call<T>(op: OperationName, args: unknown[], check: Parameters<typeof answerProblems>[2] = {}): Promise<T> {
    const fn = (this.adapter as unknown as Record<string, unknown>)[op];
    if (typeof fn !== 'function') throw new ShimError('ERP_UNSUPPORTED', `the adapter "${this.adapter.name}" has no ${op}()`, op);
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let answer: unknown;
    try {
      answer = await Promise.race([
        Promise.resolve().then(() => (fn as (...a: unknown[]) => unknown).apply(this.adapter, args)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new ShimError('ERP_TIMEOUT', `${op}() did not answer within ${this.timeoutMs} ms`, op)), this.timeoutMs);
        }),
      ]);
    } catch (e) {
      if (e instanceof ShimError || isRefusal(e)) throw e;
      throw new ShimError('ERP_FAILED', `${op}() threw: ${e instanceof Error ? e.message : String(e)}`, op);
    } finally {
      clearTimeout(timer);
      const ms = performance.now() - started;
      this.histogram(op).record(ms);
      const acc = erpTimeOfRequest.getStore();
      if (acc) acc.ms += ms;
    }
    const problems = answerProblems(op, answer, check);
    if (problems.length > 0) throw new ShimError('ERP_BAD_ANSWER', `${op}() answered in the wrong shape: ${problems.join('; ')}`, op);
    return answer as T;
  }

  private histogram(op: OperationName): LatencyHistogram {
    let h = this.erpLatency.get(op);
    if (!h) this.erpLatency.set(op, (h = new LatencyHistogram()));
    return h;
  }
}
