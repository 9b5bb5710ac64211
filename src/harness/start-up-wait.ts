/**
 * The harness's waits before the load: a service the user named (`--mock-url`, `--stack-url`)
 * must answer HTTP, and the stack must report ready. Each wait is bounded, polls, and stops at
 * once when the run is interrupted (the signal). Failing, it says which service, at which URL,
 * how long it waited and the last thing it saw: a configuration problem (exit 104), never a
 * stack trace.
 */
import { callJson, HttpError } from './json-client.ts';

/** A service the run needs could not be used: the message is the whole story. */
export class StartUpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartUpError';
  }
}

/** The run was interrupted during a start-up wait. */
export class StartUpInterrupted extends Error {
  constructor() {
    super('interrupted before the load started');
    this.name = 'StartUpInterrupted';
  }
}

/** How long to wait for a service the user runs to answer at all: it is either up or not. */
export const REACH_TIMEOUT_MS = 10_000;

export interface WaitOptions {
  timeoutMs: number;
  signal: AbortSignal;
  /** Between attempts. */
  everyMs?: number;
  /** Any HTTP answer will do (reachability), or only a 200 (readiness). */
  anyAnswer?: boolean;
  /** The URL the user knows (the flag's value) when `url` is a probe path under it. */
  shownUrl?: string;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Why the attempt failed, in a few words: the socket error's code, or the HTTP status. */
function reason(e: unknown): string {
  if (e instanceof HttpError && e.status > 0) return `HTTP ${e.status}`;
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const m = /(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EAI_AGAIN|UND_ERR_[A-Z_]+)/.exec(`${cause?.code ?? ''} ${(e as Error).message}`);
  return m ? m[1]! : (e as Error).message;
}

/**
 * The services the user runs (`--mock-url`, `--stack-url`) answer HTTP at all: checked before
 * anything is bundled or started, with a short wait (they are either up or not).
 */
export async function reachUserServices(urls: { mockUrl?: string; stackUrl?: string }, signal: AbortSignal, log: (line: string) => void): Promise<void> {
  const targets: [string, string | undefined, string][] = [
    ['the mock platform', urls.mockUrl, '/__mock/health'],
    ['the stack', urls.stackUrl, '/health'],
  ];
  for (const [what, url, probe] of targets) {
    if (url === undefined) continue;
    log(`peakday: waiting for ${what} at ${url} (up to ${REACH_TIMEOUT_MS / 1000} s)`);
    await waitForService(what, url.replace(/\/+$/, '') + probe, { timeoutMs: REACH_TIMEOUT_MS, signal, anyAnswer: true, shownUrl: url });
  }
}

/**
 * Polls `url` until it answers (any status when `anyAnswer`, else a 2xx) or `timeoutMs` passes.
 * @throws StartUpError naming `what`, the URL, the time waited and the last failure.
 * @throws StartUpInterrupted when `signal` aborts.
 */
export async function waitForService(what: string, url: string, opts: WaitOptions): Promise<void> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  let last = 'no answer';
  while (!opts.signal.aborted) {
    try {
      await callJson('GET', url, undefined, { timeoutMs: Math.max(500, Math.min(5000, deadline - Date.now())), okStatuses: opts.anyAnswer ? undefined : [200] });
      return;
    } catch (e) {
      if (opts.anyAnswer && e instanceof HttpError && e.status > 0) return;
      last = reason(e);
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(opts.everyMs ?? 250, Math.max(0, deadline - Date.now())), opts.signal);
  }
  if (opts.signal.aborted) throw new StartUpInterrupted();
  throw new StartUpError(`${what} at ${opts.shownUrl ?? url} did not answer (${last}); waited ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
