/**
 * Reads the reference stack's start-up log for the platform refusing it. The stack retries its
 * start-up mapping until its 30 s start-up timeout, logging each failure as
 *   `start-up mapping from <url> failed (TikTok <METHOD> <path>: code <n> <message>); retrying in <ms> ms`
 * A failure that carries a platform code is an answer, not a lost connection: wrong credentials
 * get the same answer every time. Once it has repeated for a few attempts and a few seconds (so
 * a platform that is still coming up is not mistaken for one that refuses), the run stops
 * waiting and names the refusal, rather than timing out with nothing to show.
 */
const REFUSAL = /start-up mapping from \S+ failed \((TikTok \S+ \S+: code \d+ [^)]*)\); retrying/;
const MIN_ATTEMPTS = 3;
const MIN_SPAN_MS = 5_000;

export class StackRefusalWatch {
  private count = 0;
  private firstAt = 0;
  private last = '';

  /** Feeds one stderr line; the refusal once it is settled, else undefined. */
  see(line: string, now = Date.now()): string | undefined {
    const m = REFUSAL.exec(line);
    if (!m) return undefined;
    if (this.count === 0) this.firstAt = now;
    this.count++;
    this.last = m[1]!;
    return this.count >= MIN_ATTEMPTS && now - this.firstAt >= MIN_SPAN_MS ? this.last : undefined;
  }
}
