/**
 * Opens the stack's SQLite file: WAL, the schema, and the pragmas that make it fast without
 * losing an accepted write to a process crash.
 *
 * synchronous=NORMAL in WAL mode: a commit is in the WAL (the OS page cache) before the answer
 * is sent, so kill -9 of the process loses nothing; only a power cut can lose the last commits.
 * `synchronous: 'full'` fsyncs every commit for that case too, at a throughput cost.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SCHEMA, SCHEMA_VERSION } from './schema.ts';

export type Db = Database.Database;

export interface OpenDbOptions {
  file: string;
  synchronous?: 'normal' | 'full';
}

export function openDb(opts: OpenDbOptions): Db {
  if (opts.file !== ':memory:') mkdirSync(dirname(opts.file), { recursive: true });
  const db = new Database(opts.file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${opts.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -32000');
  db.pragma('temp_store = MEMORY');
  db.exec(SCHEMA);
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined;
  if (!row) db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)`).run(String(SCHEMA_VERSION));
  else if (Number(row.value) !== SCHEMA_VERSION) {
    db.close();
    throw new Error(`database ${opts.file} has schema version ${row.value}, this stack needs ${SCHEMA_VERSION}`);
  }
  return db;
}

export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);
}
