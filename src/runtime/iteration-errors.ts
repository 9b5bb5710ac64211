/**
 * Rate-limited reporting of iterations that threw: the first occurrence of a message is
 * reported with its stack, then at most one line per distinct message every `windowMs` with
 * the count suppressed since, so a script failing 5,000 times a second stays readable and
 * cannot flood the terminal. Every error is still counted.
 */
export class IterationErrors {
  total = 0;
  private readonly byMessage = new Map<string, { count: number; suppressed: number; lastAt: number }>();

  constructor(
    private readonly report: (line: string) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly windowMs = 5000,
    /** Distinct messages tracked; past it, new messages share one bucket. */
    private readonly maxDistinct = 1000,
  ) {}

  record(scenario: string, err: unknown): void {
    this.total++;
    const e = err as { message?: unknown; stack?: unknown; name?: unknown };
    const message = typeof e?.message === 'string' ? `${typeof e.name === 'string' ? e.name + ': ' : ''}${e.message}` : String(err);
    const key = this.byMessage.size >= this.maxDistinct && !this.byMessage.has(message) ? '(other errors)' : message;
    let s = this.byMessage.get(key);
    const now = this.now();
    if (!s) {
      s = { count: 0, suppressed: 0, lastAt: now };
      this.byMessage.set(key, s);
      s.count++;
      const stack = typeof e?.stack === 'string' ? e.stack.split('\n').slice(1, 4).join('\n') : '';
      this.report(`iteration error (scenario ${scenario}): ${message}${stack ? '\n' + stack : ''}`);
      return;
    }
    s.count++;
    if (now - s.lastAt >= this.windowMs) {
      this.report(`iteration error (scenario ${scenario}): ${message} (x${s.suppressed + 1} in the last ${Math.round((now - s.lastAt) / 1000)}s, ${s.count} in total)`);
      s.lastAt = now;
      s.suppressed = 0;
    } else s.suppressed++;
  }

  /** One line per message still holding suppressed occurrences, for the end of the run. */
  flush(): void {
    for (const [message, s] of this.byMessage) {
      if (s.suppressed > 0) this.report(`iteration error: ${message} (x${s.suppressed} more, ${s.count} in total)`);
      s.suppressed = 0;
    }
  }
}
