/**
 * What the k6 modules of every VU share for one run: the metrics registry, the group tree,
 * the HTTP client, the options, and the engine's callbacks. Built once by the engine.
 */
import type { MetricsRegistry } from '../metrics/registry.ts';
import type { ResolvedOptions } from '../options/script-options.ts';
import type { GroupTree } from '../summary/group-tree.ts';
import type { HttpClient } from './http-client.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface InstanceStats {
  iterationsCompleted: number;
  iterationsInterrupted: number;
  vusActive: number;
  vusInitialized: number;
}

export interface RunState {
  readonly registry: MetricsRegistry;
  readonly groups: GroupTree;
  options: ResolvedOptions;
  /** The options object as the script sees it through k6/execution test.options. */
  readonly scriptOptions: Readonly<Record<string, unknown>>;
  readonly http: HttpClient;
  /** Hosts beyond loopback the user allowed with --allow-remote. */
  readonly allowRemote: readonly string[];
  readonly scriptDir: string;
  /** -e K=V and the process environment as k6 merges them (the base `__ENV`). */
  readonly env: Readonly<Record<string, string>>;
  readonly stats: InstanceStats;
  /** Clock ms of the test start (performance.now()), set when scenarios begin. */
  testStartedAt: number;
  /** Files read by open(), shared by every VU's init context (k6 caches them too). */
  readonly openCache: Map<string, string | ArrayBuffer>;
  log(level: LogLevel, message: string): void;
  /** test.abort(reason): stop everything, exit 108. */
  abortTest(reason: string): void;
  /** Global response callback (http.setResponseCallback), null = every status is "expected". */
  responseCallback: ((status: number) => boolean) | null;
}
