/**
 * The load of one test spread over N generator processes on this machine: worker i runs
 * `peakday run <bundle> --execution-segment i/N:(i+1)/N --execution-segment-sequence
 * 0,1/N,...,1 --out snapshot=FILE` with the same environment, and once all have ended their
 * snapshots are merged exactly (`mergeRuns`) into the one registry and summary the rest of the
 * harness works from — the same shape `runTest` gives the single-process path.
 *
 * setup(): k6 runs setup() once per instance, and so does peakday: every worker runs the
 * script's setup() itself. The scenarios' setup only reads (the catalog), so N reads are safe;
 * a script whose setup() writes must not be split this way.
 *
 * The environment (URLs, credentials) travels in the workers' process environment, never as
 * `-e K=V` flags: `ps` shows flags. Each worker watches the harness (PEAKDAY_PARENT_PID) and
 * stops if it dies; `interrupt()` sends SIGINT, on which a worker stops its load and still
 * writes its snapshot, so an interrupted run merges what was measured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARENT_PID_ENV } from '../../lib/process/parent-watch.ts';
import type { MetricsRegistry } from '../runtime/metrics/registry.ts';
import type { SummaryData } from '../runtime/summary/index.ts';
import { DistributedError } from './distributed-errors.ts';
import { mergeRuns, renderMerged } from './merge-runs.ts';
import type { RunSnapshot } from '../runtime/run-snapshot.ts';
import { readRunSnapshot } from './read-snapshots.ts';
import { equalSegments } from './segment-coverage.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';

const BIN = fileURLToPath(new URL('../../bin/peakday.mjs', import.meta.url));
const STDERR_KEEP = 16 * 1024;
/** A worker that outlives the load by this much after an interrupt is killed. */
const INTERRUPT_GRACE_MS = 30_000;

export interface WorkerRunOptions {
  /** The script or peakday-form bundle every worker runs. */
  readonly script: string;
  readonly workers: number;
  /** Where the snapshots go (a run's temporary folder). */
  readonly dir: string;
  /** The scenario's __ENV, passed through the workers' environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly allowRemote?: readonly string[];
  readonly noColor?: boolean;
  /** Called once per worker as it starts (the harness watches its CPU). */
  readonly onStart?: (worker: { index: number; pid: number; segment: string }) => void;
  /** A worker's stderr line (its script's logs, its warnings). */
  readonly onStderr?: (index: number, line: string) => void;
}

/** What the harness needs from the load, the same fields `runTest` gives it. */
export interface GeneratedLoad {
  exitCode: number;
  error?: Error;
  registry: MetricsRegistry;
  summary: SummaryData | null;
  stdout: string;
  stderr: string;
  /** One per worker: its pid, segment and exit code. */
  workers: { index: number; pid: number; segment: string; exitCode: number | null; signal: string | null }[];
}

export interface WorkerRun {
  readonly done: Promise<GeneratedLoad>;
  /** Stops every worker's load (SIGINT); they still write their snapshots. */
  interrupt(): void;
}

const live = new Set<ChildProcess>();
let hooked = false;

export function runWorkers(opts: WorkerRunOptions): WorkerRun {
  const { segments, sequence } = equalSegments(opts.workers);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
  const children = segments.map((segment, index) => {
    const file = join(opts.dir, `worker-${index}.snapshot.json`);
    const args = [BIN, 'run', opts.script, '--quiet', '--no-color', '--execution-segment', segment, '--execution-segment-sequence', sequence, '--out', `snapshot=${file}`];
    for (const h of opts.allowRemote ?? []) args.push('--allow-remote', h);
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...opts.env, [PARENT_PID_ENV]: String(process.pid) },
    });
    live.add(child);
    let tail = '';
    let partial = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      tail = (tail + d).slice(-STDERR_KEEP);
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      if (opts.onStderr) for (const l of lines) if (l) opts.onStderr(index, l);
    });
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once('error', (e) => {
        tail += `\ncould not start: ${e.message}`;
        resolve({ code: null, signal: null });
      });
      child.once('exit', (code, signal) => {
        live.delete(child);
        resolve({ code, signal });
      });
    });
    if (child.pid !== undefined) opts.onStart?.({ index, pid: child.pid, segment });
    return { index, segment, file, child, exited, tail: () => tail };
  });

  let killer: NodeJS.Timeout | undefined;
  const interrupt = () => {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGINT');
    killer ??= setTimeout(() => {
      for (const c of children) c.child.kill('SIGKILL');
    }, INTERRUPT_GRACE_MS);
    killer.unref();
  };

  const done = (async (): Promise<GeneratedLoad> => {
    const ends = await Promise.all(children.map((c) => c.exited));
    if (killer) clearTimeout(killer);
    const workers = children.map((c, i) => ({ index: c.index, pid: c.child.pid ?? -1, segment: c.segment, exitCode: ends[i]?.code ?? null, signal: ends[i]?.signal ?? null }));
    const snaps: RunSnapshot[] = [];
    const missing: string[] = [];
    for (const c of children) {
      if (!existsSync(c.file)) {
        const w = workers[c.index];
        missing.push(`worker ${c.index} (${c.segment}) exited ${w?.exitCode ?? w?.signal} without a snapshot${c.tail() ? `; its stderr ends:\n${c.tail().trim().slice(-2000)}` : ''}`);
        continue;
      }
      snaps.push(await readRunSnapshot(c.file));
    }
    if (missing.length > 0) throw new DistributedError('PD_DIST_WORKER_FAILED', missing.join('\n'));
    const merged = mergeRuns(snaps, { labels: children.map((c) => `worker ${c.index}`), noColor: opts.noColor === true });
    const stderr = merged.reasons.map((r) => `peakday run: ${r}\n`).join('');
    return {
      exitCode: merged.exitCode,
      ...(merged.exitCode !== ExitCode.OK && merged.exitCode !== ExitCode.THRESHOLDS_FAILED ? { error: new Error(merged.reasons.join('; ')) } : {}),
      registry: merged.registry,
      summary: merged.summary,
      stdout: renderMerged(merged, { color: opts.noColor === false }).text,
      stderr,
      workers,
    };
  })();
  return { done, interrupt };
}
