/** One transaction on a pooled connection; retried (bounded) when PostgreSQL picks it as a deadlock victim. */
import type pg from 'pg';

const DEADLOCK = '40P01';
const ATTEMPTS = 3;

export async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      if ((e as { code?: string }).code !== DEADLOCK || attempt >= ATTEMPTS) throw e;
    } finally {
      c.release();
    }
  }
}
