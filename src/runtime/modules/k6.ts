/**
 * The `k6` module for one VU: check, group, sleep (a Promise, so `await sleep(1)` waits without
 * blocking the other VUs; interrupted when the VU's iteration is), fail, randomSeed.
 */
import { ScriptFailError } from '../errors.ts';
import type { RunState } from './run-state.ts';
import type { Vu } from '../vu.ts';
import { moduleObject } from './module-object.ts';
import { mulberry32 } from '../../../lib/random/mulberry32.ts';

type Checkers = Record<string, ((value: unknown) => unknown) | boolean>;

/** A promise that never settles: where the I/O of an interrupted VU waits forever. */
export const PARKED: Promise<never> = new Promise<never>(() => {});

export function createK6Module(vu: Vu, run: RunState) {
  function check(value: unknown, checkers: Checkers, tags?: Record<string, string>): boolean {
    let all = true;
    const base = vu.tags();
    for (const [name, fn] of Object.entries(checkers ?? {})) {
      let ok: boolean;
      try {
        ok = Boolean(typeof fn === 'function' ? fn(value) : fn);
      } catch (e) {
        // k6 lets the exception end the iteration; the check is not recorded
        throw e;
      }
      const t: Record<string, string> = { ...base, check: name };
      if (tags) for (const [k, v] of Object.entries(tags)) t[k] = String(v);
      run.registry.add('checks', ok ? 1 : 0, t);
      run.groups.check(vu.groupPath, name, ok);
      if (!ok) all = false;
    }
    return all;
  }

  function group<T>(name: string, fn: () => T): T {
    if (typeof name !== 'string' || name === '') throw new TypeError('group name must be a non-empty string');
    if (name.includes('::')) throw new TypeError(`group name "${name}" may not contain "::"`);
    if (typeof fn !== 'function') throw new TypeError('group() needs a function');
    vu.enterGroup(name);
    run.groups.group(vu.groupPath);
    const tags = vu.tags();
    const start = performance.now();
    const end = () => {
      run.registry.add('group_duration', performance.now() - start, tags);
      vu.leaveGroup();
    };
    let out: T;
    try {
      out = fn();
    } catch (e) {
      end();
      throw e;
    }
    if (out instanceof Promise) {
      return out.then(
        (v) => {
          end();
          return v;
        },
        (e) => {
          end();
          throw e;
        },
      ) as T;
    }
    end();
    return out;
  }

  /**
   * An interrupted VU's sleep never ends: its abandoned iteration parks at this await instead
   * of running on (or rejecting with nobody to catch it when the script did not await).
   */
  function sleep(seconds: number): Promise<void> {
    const stop = vu.interruption;
    if (stop.aborted) return PARKED;
    const ms = Number(seconds) * 1000;
    if (!(ms > 0)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const cancel = () => clearTimeout(t);
      const t = setTimeout(() => {
        stop.off(cancel);
        resolve();
      }, ms);
      stop.on(cancel);
    });
  }

  function fail(message?: string): never {
    throw new ScriptFailError(message ?? '');
  }

  function randomSeed(seed: number): void {
    Math.random = mulberry32(Number(seed)); // k6's randomSeed seeds Math.random alone
  }

  const mod = { check, group, sleep, fail, randomSeed };
  return moduleObject(mod);
}
