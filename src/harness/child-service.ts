/**
 * A long-running peakday service (`peakday mock`, `peakday stack`) started as a child process.
 *
 * The child prints one JSON line on stdout when it is ready (`{"ready":true,"url":...}`, see
 * docs/architecture.md), after `{"ready":false,"url":...}` if it listens before it is ready
 * (the stack); anything it writes to stderr is kept (bounded) for the error message
 * if it dies. Children are always stopped: on `stop()`, and on the parent's exit or Ctrl-C
 * through `stopAllOnExit`, SIGTERM first and SIGKILL after a grace period.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARENT_PID_ENV } from '../../lib/process/parent-watch.ts';
import { StartUpInterrupted } from './start-up-wait.ts';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../bin/peakday.mjs');
const STDERR_KEEP = 16 * 1024;

/** A service that could not start, exited or went silent before it was ready: the message says which, with its stderr. */
export class ServiceStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceStartError';
  }
}

export interface Ready {
  ready: true;
  url: string;
  [k: string]: unknown;
}

export class ChildService {
  private stderrTail = '';
  private exited: Promise<number | null>;

  private constructor(
    readonly role: string,
    readonly child: ChildProcess,
    readonly ready: Ready,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
    live.add(this);
    child.once('exit', () => live.delete(this));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }
  get url(): string {
    return this.ready.url;
  }
  get stderr(): string {
    return this.stderrTail;
  }

  /**
   * Starts `peakday <command> --json ...args` and resolves once it printed its ready line.
   * @param env extra environment (secrets travel here, never on the command line, where
   *   `ps` would show them).
   * @param onStderr sees each line the child writes to stderr.
   * @param signal the run was interrupted: the child is killed and StartUpInterrupted thrown.
   * @param whileStarting called when the child says it listens but is not ready yet
   *   (`{"ready":false,"url":...}`); an error it resolves to means the child will never be
   *   ready: the child is killed and that error thrown. Its signal aborts once the wait is over.
   */
  static async start(
    role: string,
    command: string,
    args: readonly string[],
    opts: { env?: Record<string, string>; timeoutMs?: number; onStderr?: (line: string) => void; signal?: AbortSignal; whileStarting?: (url: string, over: AbortSignal) => Promise<Error | undefined> } = {},
  ): Promise<ChildService> {
    const child = spawn(process.execPath, [BIN, command, '--json', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...opts.env, [PARENT_PID_ENV]: String(process.pid) },
    });
    let tail = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      tail = (tail + d).slice(-STDERR_KEEP);
      if (opts.onStderr) for (const line of d.split('\n')) if (line) opts.onStderr(line);
    });
    const over = new AbortController();
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const ready = await new Promise<Ready>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(new StartUpInterrupted());
      };
      const stopWith = (e: Error) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        child.removeAllListeners('exit');
        child.kill('SIGKILL');
        reject(e);
      };
      const fail = (why: string) => stopWith(new ServiceStartError(`${role} (peakday ${command}) ${why}${tail ? `\n--- its stderr ---\n${tail.trim()}` : ''}`));
      const timer = setTimeout(() => fail(`did not report ready within ${timeoutMs} ms`), timeoutMs);
      if (opts.signal?.aborted) onAbort();
      else opts.signal?.addEventListener('abort', onAbort, { once: true });
      child.once('error', (e) => fail(`could not start: ${e.message}`));
      child.once('exit', (code, sig) => fail(`exited before it was ready (code ${code}, signal ${sig})`));
      readLines(child, (line) => {
        let parsed: { ready?: unknown; url?: unknown } | undefined;
        try {
          parsed = JSON.parse(line) as { ready?: unknown; url?: unknown };
        } catch {
          parsed = undefined;
        }
        if (parsed?.ready === false && typeof parsed.url === 'string') {
          opts.whileStarting?.(parsed.url, over.signal).then((e) => e && stopWith(e), stopWith);
          return false;
        }
        child.removeAllListeners('exit');
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        if (parsed?.ready === true && typeof parsed.url === 'string') resolve(parsed as Ready);
        else fail(`printed an unexpected line: ${line.slice(0, 200)}`);
        return true;
      });
    }).finally(() => over.abort());
    const svc = new ChildService(role, child, ready);
    svc.stderrTail = tail;
    child.stderr?.on('data', (d: string) => (svc.stderrTail = (svc.stderrTail + d).slice(-STDERR_KEEP)));
    return svc;
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null if killed). */
  async stop(graceMs = 5000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(killer);
    return code;
  }

  /** kill -9, for crash tests. */
  async crash(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

/** Feeds each stdout line of `child` to `onLine` until it answers true (the rest is not read). */
function readLines(child: ChildProcess, onLine: (line: string) => boolean): void {
  let buf = '';
  const onData = (d: string) => {
    buf += d;
    for (let nl = buf.indexOf('\n'); nl !== -1; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (onLine(line)) return void child.stdout?.off('data', onData);
    }
  };
  child.stdout?.setEncoding('utf8').on('data', onData);
}

const live = new Set<ChildService>();
let hooked = false;

/** Makes sure no child outlives the parent, whatever way the parent ends. */
export function stopAllOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const s of live) s.child.kill('SIGKILL');
  });
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((s) => s.stop()));
}
