/**
 * The whole example in one command: start the ERP (PostgreSQL with schema.sql), the mock
 * platform, and the connector between them; run `peakday run` against the ERP through the
 * adapter; stop everything, whatever happens. Exits with peakday's exit code.
 *
 *   node --import tsx examples/postgres-erp/run-example.ts [--skus N] [--shops N] [--warehouses N] [--seed N] -- <peakday run args>
 *   e.g. ... run-example.ts -- promo --erp-poll-ms 250
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { flag, parseArgs } from '../../lib/cli/args.ts';
import { PARENT_PID_ENV } from '../../lib/process/parent-watch.ts';
import { ChildService, stopAllOnExit } from '../../src/harness/child-service.ts';
import { startPostgres, type RunningPostgres } from './postgres-server.ts';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/peakday.mjs', import.meta.url));
const FLAGS = {
  skus: { kind: 'number', help: 'SKUs in the catalog (default 40)', min: 1, max: 10_000, integer: true },
  shops: { kind: 'number', help: 'shops (default 3)', min: 1, max: 50, integer: true },
  warehouses: { kind: 'number', help: 'warehouses (default 3)', min: 1, max: 8, integer: true },
  seed: { kind: 'number', help: 'catalog seed (default 1)', min: 0, integer: true },
} as const;

/** Spawns `node --import tsx FILE`, resolving at its one JSON ready line. */
function startConnector(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', here('./connector/connector.ts')], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env, [PARENT_PID_ENV]: String(process.pid) } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the connector was not ready within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`the connector exited (code ${code}) before it was ready`)));
    child.stdout?.setEncoding('utf8').once('data', () => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(child);
    });
  });
}

function runPeakday(args: string[], env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, [BIN, 'run', ...args], { stdio: 'inherit', env: { ...process.env, ...env } });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function main(argv: string[]): Promise<number> {
  const dash = argv.indexOf('--');
  const p = parseArgs(dash === -1 ? argv : argv.slice(0, dash), FLAGS);
  const runArgs = dash === -1 ? [] : argv.slice(dash + 1);
  if (p.errors.length > 0 || runArgs.length === 0) {
    process.stderr.write(`${p.errors.join('\n')}\nusage: run-example.ts [--skus N] [--shops N] [--warehouses N] [--seed N] -- <peakday run args>\n`);
    return 2;
  }
  stopAllOnExit();
  let db: RunningPostgres | undefined;
  let mock: ChildService | undefined;
  let connector: ChildProcess | undefined;
  try {
    process.stderr.write('example: starting PostgreSQL (the ERP)\n');
    db = await startPostgres();
    const client = new pg.Client(db.url);
    await client.connect();
    await client.query(readFileSync(here('./schema.sql'), 'utf8'));
    await client.end();

    const catalog = ['--skus', String(flag.num(p, 'skus') ?? 40), '--shops', String(flag.num(p, 'shops') ?? 3), '--warehouses', String(flag.num(p, 'warehouses') ?? 3), '--seed', String(flag.num(p, 'seed') ?? 1)];
    mock = await ChildService.start('mock', 'mock', ['--port', '0', ...catalog]);
    const cred = { PEAKDAY_APP_KEY: String(mock.ready.app_key), PEAKDAY_APP_SECRET: String(mock.ready.app_secret), PEAKDAY_ACCESS_TOKEN: String(mock.ready.access_token) };
    process.stderr.write(`example: mock platform on ${mock.url}; starting the connector\n`);
    connector = await startConnector({ ...cred, ERP_DATABASE_URL: db.url, TIKTOK_URL: mock.url });

    return await runPeakday([...runArgs, '--mock-url', mock.url, '--erp-adapter', here('./adapter.ts')], { ...cred, ERP_DATABASE_URL: db.url });
  } finally {
    if (connector && connector.exitCode === null) {
      const exited = new Promise((r) => connector!.once('exit', r));
      connector.kill('SIGTERM');
      await exited;
    }
    await mock?.stop();
    await db?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`example: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
