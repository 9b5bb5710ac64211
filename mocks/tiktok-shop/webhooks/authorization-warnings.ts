/**
 * UPCOMING_AUTHORIZATION_EXPIRATION (webhook 7) on the platform's own schedule: a seller's
 * authorization ends when its refresh token would (tokenLifetimes.refreshTokenS after it was
 * granted), and the platform warns `leadMs` before that end, then again every `everyMs` until
 * it ends. TikTok's docs give no lead time; the defaults (30 days, then daily) are what a public
 * integration study reports the platform does (openlinker-project/openlinker issue #2882,
 * "fires 30 days before expiry then daily"). Both are options (tokenLifetimes.
 * authorizationWarningS and authorizationWarningRepeatS), so tests run it in seconds.
 *
 * One timer per seller, unref'd (it never keeps the process alive) and cleared on close. Node
 * timers hold at most ~24.8 days, so a later warning is reached in steps: each firing
 * re-reads the seller's authorization end and the clock, warns only when due and before the
 * end, and arms the next step. A new authorization (an auth code exchanged) starts the
 * schedule over from its new end.
 */

/** The longest delay a Node timer takes (2^31 - 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface WarningSchedule {
  /** How long before the authorization ends the first warning goes out. */
  leadMs: number;
  /** How often it is repeated until the end. */
  everyMs: number;
}

export class AuthorizationWarnings {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /** Per seller, when it was last warned in its current authorization. */
  private readonly lastWarned = new Map<number, number>();
  private closed = false;

  /**
   * @param ends Ms instant at which a seller's authorization ends.
   * @param warn Sends the seller's shops webhook 7.
   */
  constructor(
    private readonly schedule: WarningSchedule,
    private readonly now: () => number,
    private readonly ends: (seller: number) => number,
    private readonly warn: (seller: number) => void,
  ) {}

  /** The seller was granted a new authorization: its warnings start over from the new end. */
  renewed(seller: number): void {
    this.lastWarned.delete(seller);
    this.arm(seller);
  }

  /** Schedules the seller's next warning (none once its authorization has ended). */
  arm(seller: number): void {
    clearTimeout(this.timers.get(seller));
    this.timers.delete(seller);
    const end = this.ends(seller);
    const due = this.due(seller);
    if (this.closed || due >= end || this.now() >= end) return;
    const timer = setTimeout(() => this.fire(seller), Math.min(Math.max(due - this.now(), 0), MAX_TIMER_MS));
    timer.unref();
    this.timers.set(seller, timer);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private due(seller: number): number {
    const first = this.ends(seller) - this.schedule.leadMs;
    const last = this.lastWarned.get(seller);
    return last === undefined ? first : Math.max(first, last + this.schedule.everyMs);
  }

  private fire(seller: number): void {
    const t = this.now();
    if (t >= this.due(seller) && t < this.ends(seller)) {
      this.lastWarned.set(seller, t);
      this.warn(seller);
    }
    this.arm(seller);
  }
}
