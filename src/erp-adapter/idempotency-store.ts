/**
 * Idempotency for every write through the shim, whatever the ERP offers: the contract's rule
 * (stack/README.md) kept in the shim's memory. The same key with the same method, path and body
 * replays the stored answer without calling the adapter; the same key with another request is
 * 409 IDEMPOTENCY_KEY_REUSED. Only successful answers are kept (a refused write changed nothing
 * and may be retried). A second request with a key still in flight waits for the first.
 * Bounded: the oldest keys go first past `maxKeys`; a shim restart forgets every key.
 */
import { ShimError } from './adapter-errors.ts';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

interface Entry {
  fingerprint: string;
  answer: Promise<StoredAnswer>;
}

const KEY = /^[\x21-\x7e]{1,255}$/;

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  replays = 0;

  constructor(private readonly maxKeys = 1_000_000) {}

  /** Runs `apply` once per key and request; `fingerprint` is method, path and body. */
  async run(key: string | undefined, fingerprint: string, apply: () => Promise<StoredAnswer>): Promise<StoredAnswer> {
    if (key === undefined) return apply();
    if (!KEY.test(key)) throw new ShimError('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1..255 visible ASCII characters');
    const known = this.entries.get(key);
    if (known) {
      if (known.fingerprint !== fingerprint) throw new ShimError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was used for another request`);
      this.replays++;
      return known.answer;
    }
    const answer = apply();
    this.entries.set(key, { fingerprint, answer });
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value as string);
    answer.catch(() => this.entries.delete(key));
    return answer;
  }
}
