/**
 * What an ERP API handler gets and returns. Handlers are plain functions over the stack's
 * services; they throw StackError for every rejection and never touch the socket.
 */
import type { Deauthorization } from '../domain/shop-access.ts';
import type { Defects } from '../defects.ts';
import type { IncomingHttpHeaders } from 'node:http';
import type { Db } from '../db/database.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import type { ErpCatalog } from '../domain/catalog.ts';
import type { IdempotencyStore, StoredAnswer } from '../domain/idempotency.ts';
import type { ErpOrderBook } from '../domain/order-book.ts';
import type { StockLedger } from '../domain/stock-ledger.ts';
import type { WebhookReceiver } from '../intake/webhook-receiver.ts';
import type { StackMetrics } from '../metrics.ts';
import type { StartUpFailure } from '../start-up-failure.ts';
import { StackError } from '../errors.ts';
import { fingerprint, validateIdempotencyKey } from '../domain/idempotency.ts';

export interface Ctx {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw(): Promise<Buffer>;
  json(): Promise<unknown>;
}

export interface Answer {
  status: number;
  body?: unknown;
  /** Non-JSON answers (metrics). */
  text?: string;
  contentType?: string;
}

export type Handler = (ctx: Ctx) => Promise<Answer> | Answer;

export interface Services {
  /** Deliberate defects (stack/defects.ts); empty in normal use. */
  defects: Defects;
  db: Db;
  gc: GroupCommit;
  catalog: ErpCatalog;
  ledger: StockLedger;
  book: ErpOrderBook;
  idem: IdempotencyStore;
  receiver: WebhookReceiver;
  metrics: StackMetrics;
  /** While not ready, `start_error` is why the last start-up attempt failed. */
  readiness(): { ready: boolean; checks: Record<string, boolean>; start_error?: StartUpFailure; deauthorized_shops: Deauthorization[] };
}

/** Writes need the catalog (SKU and warehouse names come from the platform). */
export function requireCatalog(s: Services): void {
  if (!s.catalog.mapped) throw new StackError('NOT_READY');
}

/**
 * Runs a write in the group commit with its Idempotency-Key: a stored answer for the same
 * request is replayed, another request under the key is a 409, a new one is applied and its
 * answer stored in the same transaction.
 */
export async function idempotentWrite(s: Services, ctx: Ctx, body: unknown, apply: (now: number) => StoredAnswer): Promise<Answer> {
  const header = ctx.headers['idempotency-key'];
  const key = validateIdempotencyKey(Array.isArray(header) ? header[0] : header);
  const fp = key ? fingerprint(ctx.method, ctx.path, body) : '';
  const ans = await s.gc.run(() => {
    const now = Date.now();
    if (key) {
      const prev = s.idem.lookup(key, fp);
      if (prev) return prev;
    }
    const fresh = apply(now);
    if (key) s.idem.store(key, fp, fresh, now);
    return fresh;
  });
  return { status: ans.status, body: ans.body };
}
