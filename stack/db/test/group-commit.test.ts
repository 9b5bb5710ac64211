import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../database.ts';
import { GroupCommit } from '../group-commit.ts';

let dir: string;
let db: Db;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'peakday-gc-'));
  db = openDb({ file: join(dir, 'x.db') });
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GroupCommit', () => {
  it('commits many writes in one transaction; a throwing write rolls back alone', async () => {
    const gc = new GroupCommit(db);
    const ins = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const results = await Promise.allSettled([
      gc.run(() => ins.run('a', 1).changes),
      gc.run(() => {
        ins.run('b', 2);
        throw new Error('bad input');
      }),
      gc.run(() => ins.run('c', 3).changes),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('bad input');
    expect(db.prepare('SELECT k FROM t ORDER BY k').pluck().all()).toEqual(['a', 'c']);
    expect(gc.stats).toEqual({ batches: 1, writes: 3, replays: 1 });
  });

  it('settles only after the commit is visible to another connection', async () => {
    const gc = new GroupCommit(db);
    await gc.run(() => db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run('x', 9));
    const other = openDb({ file: join(dir, 'x.db') });
    try {
      expect(other.prepare('SELECT v FROM t WHERE k = ?').pluck().get('x')).toBe(9);
    } finally {
      other.close();
    }
  });

  it('flushes at maxBatch without waiting for the next turn', async () => {
    const gc = new GroupCommit(db, 2);
    const ins = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const a = gc.run(() => ins.run('a', 1));
    const b = gc.run(() => ins.run('b', 1));
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(2); // flushed synchronously
    await Promise.all([a, b]);
  });
});
