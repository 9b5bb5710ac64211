/**
 * Deliberate defects: the reference stack can be told to misbehave in ways real connectors do,
 * so the suite can prove it catches each one on the right standard (the end-to-end tests run a
 * promo against each and expect that standard, and only a sane set of others, to fail).
 * Off unless named with `--defects a,b` or PEAKDAY_STACK_DEFECTS; never on in production use.
 *
 *   slow-webhook-ack   waits 800 ms before answering a webhook (the ack p99 limit is 500 ms)
 *   wrong-tracking     sends the platform a tracking number that differs from the warehouse's
 *   lose-orders        drops one order in ten at intake, after the ack, and never retries it
 *   inflate-stock      pushes one more unit than is available for one product in five
 *   slow-order-poll    polls the platform for orders every 10 s whatever --poll-interval-ms says,
 *                      trusting the webhooks in between (the stack before the fast poll: a lost
 *                      webhook's units stay on sale up to 10 s, and oversell at sell-out)
 *   ignore-cancellations  keeps a cancelled order's stock reserved: the order stays allocated in
 *                      the ERP and its units never come back on sale
 *   skip-restock       accepts returned packages without putting the goods back on hand
 *   shared-pool        sends every kind of platform call through one connection pool (no
 *                      bulkheads): inventory pushes answered seconds late hold the connections
 *                      that order intake and shipment sync need
 */

export const DEFECTS = ['slow-webhook-ack', 'wrong-tracking', 'lose-orders', 'inflate-stock', 'slow-order-poll', 'ignore-cancellations', 'skip-restock', 'shared-pool'] as const;
export type Defect = (typeof DEFECTS)[number];
export type Defects = ReadonlySet<Defect>;

export const NO_DEFECTS: Defects = new Set();

/** Parses a comma-separated list; every unknown name is a problem. */
export function parseDefects(raw: string | undefined): { defects: Defects; problems: string[] } {
  const names = (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const problems = names.filter((n) => !(DEFECTS as readonly string[]).includes(n)).map((n) => `--defects: unknown defect "${n}" (known: ${DEFECTS.join(', ')})`);
  return { defects: new Set(names.filter((n): n is Defect => (DEFECTS as readonly string[]).includes(n))), problems };
}

/** A stable one-in-`n` choice by id, so a defect hits the same orders or products every time. */
export function oneIn(id: string, n: number): boolean {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % n === 0;
}
