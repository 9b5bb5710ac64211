/**
 * Idempotency keys for ERP writes. Runs inside the write's transaction: the stored answer and
 * the write commit together, so a retried request after a crash either finds both or neither.
 * Only successful answers are stored; a rejected write changed nothing and may be retried.
 */
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.ts';
import { StackError } from '../errors.ts';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** Visible ASCII, 1..200 chars: what a client can put in a header without surprises. */
const KEY = /^[\x21-\x7e]{1,200}$/;

export function validateIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!KEY.test(key)) throw new StackError('INVALID_IDEMPOTENCY_KEY', `got ${JSON.stringify(key.slice(0, 60))}`);
  return key;
}

/** The request a key stands for: method, path and the canonical JSON body. */
export function fingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body)}`).digest('base64url');
}

export class IdempotencyStore {
  private readonly get: Statement<[string], { fingerprint: string; status: number; body: string }>;
  private readonly put: Statement;
  private readonly prune: Statement;

  constructor(db: Db) {
    this.get = db.prepare('SELECT fingerprint, status, body FROM idempotency WHERE key = ?');
    this.put = db.prepare('INSERT INTO idempotency (key, fingerprint, status, body, at) VALUES (?, ?, ?, ?, ?)');
    this.prune = db.prepare('DELETE FROM idempotency WHERE at < ?');
  }

  /** The stored answer for `key`, or undefined; throws IDEMPOTENCY_KEY_REUSED for another request. */
  lookup(key: string, fp: string): StoredAnswer | undefined {
    const row = this.get.get(key);
    if (!row) return undefined;
    if (row.fingerprint !== fp)
      throw new StackError('IDEMPOTENCY_KEY_REUSED', `key ${JSON.stringify(key)} was first used with another method, path or body`);
    return { status: row.status, body: JSON.parse(row.body) };
  }

  store(key: string, fp: string, answer: StoredAnswer, now: number): void {
    this.put.run(key, fp, answer.status, JSON.stringify(answer.body), now);
  }

  /** Forgets keys older than `before` (ms); keys are a retry aid, not an archive. */
  pruneOlderThan(before: number): number {
    return this.prune.run(before).changes;
  }
}
