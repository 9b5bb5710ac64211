/**
 * Watches the reference stack's GET /ready while it starts, for the platform refusing it.
 * Until it is ready the stack answers 503 with `start_error` (stack/start-up-failure.ts): the
 * last start-up failure, how many in a row and since when. A failure that carries a platform
 * code (`PLATFORM_REFUSED`) is an answer, not a lost connection: wrong credentials get the same
 * answer every time. Once it has repeated for a few attempts and a few seconds (so a platform
 * that is still coming up is not mistaken for one that refuses), the run stops waiting and
 * names the refusal, rather than timing out with nothing to show.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { callJson } from './json-client.ts';

const MIN_ATTEMPTS = 3;
const MIN_SPAN_MS = 5_000;
const EVERY_MS = 500;

interface StartError {
  code?: unknown;
  message?: unknown;
  attempts?: unknown;
  first_at?: unknown;
  last_at?: unknown;
}

/** The refusal's message once `/ready`'s answer shows a settled one, else undefined. */
export function settledRefusal(readyAnswer: unknown): string | undefined {
  const e = (readyAnswer as { start_error?: StartError } | undefined)?.start_error;
  if (e?.code !== 'PLATFORM_REFUSED' || typeof e.message !== 'string') return undefined;
  const attempts = Number(e.attempts);
  const span = Number(e.last_at) - Number(e.first_at);
  return attempts >= MIN_ATTEMPTS && span >= MIN_SPAN_MS ? e.message : undefined;
}

/**
 * Polls `<stackUrl>/ready` until the stack is refused for good (resolves with the message) or
 * `over` aborts (resolves undefined). A poll that fails (the stack busy, or gone: the child's
 * own exit is reported elsewhere) is simply tried again.
 */
export async function watchForRefusal(stackUrl: string, over: AbortSignal): Promise<string | undefined> {
  while (!over.aborted) {
    try {
      const r = await callJson<unknown>('GET', `${stackUrl}/ready`, undefined, { timeoutMs: 2000, okStatuses: [200, 503] });
      if (r.status === 200) return undefined;
      const refusal = settledRefusal(r.body);
      if (refusal !== undefined) return refusal;
    } catch {
      // tried again below
    }
    await sleep(EVERY_MS, undefined, { signal: over }).catch(() => undefined);
  }
  return undefined;
}
