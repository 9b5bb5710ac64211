/**
 * `peakday erp-shim --adapter ./my-erp.ts --port N`: hosts an ERP adapter as an HTTP server
 * speaking peakday's ERP contract. The adapter is loaded, then validated (every operation
 * present, the read operations tried, each bounded by --op-timeout-ms) before the server
 * listens: a bad adapter is refused with every problem named, exit 104, and no port is opened.
 * With --json prints one line `{"ready":true,"url":...}` once listening; SIGINT/SIGTERM stop it.
 */
import { describeFlags, flag, parseArgs, type FlagSpecs } from '../../lib/cli/args.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { stopWhenParentDies } from '../../lib/process/parent-watch.ts';
import { parseAdapterOptions } from './adapter-options.ts';
import { AdapterLoadError, importAdapterModule, instantiate } from './load-adapter.ts';
import { startShim } from './shim-server.ts';
import { validateAdapter, type Probe } from './validate-adapter.ts';

export const SHIM_FLAGS: FlagSpecs = {
  adapter: { kind: 'string', help: 'the adapter module (.ts/.js), or "contract" for an ERP speaking the contract' },
  'adapter-option': { kind: 'list', help: 'k=v given to the adapter factory (repeatable)' },
  port: { kind: 'number', help: 'port on 127.0.0.1 (default 0: any free port)', min: 0, max: 65535, integer: true },
  'poll-ms': { kind: 'number', help: 'poll interval of the derived change log, for adapters without stockChanges (default 500)', min: 10, max: 60_000, integer: true },
  'op-timeout-ms': { kind: 'number', help: 'bound on every adapter call (default 10000)', min: 10, max: 600_000, integer: true },
  'probe-sku': { kind: 'string', help: 'a SKU the validation may read and write back unchanged' },
  'probe-warehouse': { kind: 'string', help: 'the warehouse of --probe-sku' },
  json: { kind: 'boolean', help: 'print one JSON ready line on stdout' },
  help: { kind: 'boolean', short: 'h', help: 'this help' },
};

const USAGE = `usage: peakday erp-shim --adapter ./my-erp.ts [--port N] [flags]\n\nflags:\n${describeFlags(SHIM_FLAGS)}\n`;

export async function main(argv: string[]): Promise<number> {
  const p = parseArgs(argv, SHIM_FLAGS);
  if (flag.bool(p, 'help')) {
    process.stdout.write(USAGE);
    return ExitCode.OK;
  }
  const problems = [...p.errors];
  const spec = flag.str(p, 'adapter');
  if (spec === undefined) problems.push('--adapter is required');
  if (p.positionals.length > 0) problems.push(`unexpected arguments: ${p.positionals.join(' ')}`);
  const options = parseAdapterOptions(flag.list(p, 'adapter-option'), problems);
  const sku = flag.str(p, 'probe-sku');
  const wh = flag.str(p, 'probe-warehouse');
  if ((sku === undefined) !== (wh === undefined)) problems.push('--probe-sku and --probe-warehouse go together');
  if (problems.length > 0 || spec === undefined) {
    process.stderr.write(`peakday erp-shim: ${problems.join('\n  ')}\n\n${USAGE}`);
    return ExitCode.INVALID_CONFIG;
  }
  const opTimeoutMs = flag.num(p, 'op-timeout-ms') ?? 10_000;
  const probe: Probe | undefined = sku !== undefined && wh !== undefined ? { sku, warehouse_id: wh } : undefined;

  let adapter;
  try {
    adapter = await instantiate(await importAdapterModule(spec), options, opTimeoutMs);
    const found = await validateAdapter(adapter, { timeoutMs: opTimeoutMs, probe });
    if (found.length > 0) throw new AdapterLoadError(`the adapter "${spec}" is not usable:\n  ${found.join('\n  ')}`);
  } catch (e) {
    process.stderr.write(`peakday erp-shim: ${(e as Error).message}\n`);
    await adapter?.close?.().catch(() => undefined);
    return ExitCode.INVALID_CONFIG;
  }
  const shim = await startShim({ adapter, port: flag.num(p, 'port') ?? 0, opTimeoutMs, pollMs: flag.num(p, 'poll-ms') ?? 500 });
  // handlers first: a parent may stop us the moment it reads the ready line
  const stopped = new Promise<number>((resolve) => {
    const stop = (sig: NodeJS.Signals) => {
      process.stderr.write(`peakday erp-shim: ${sig}, stopping\n`);
      shim.close().then(
        () => resolve(ExitCode.OK),
        (e) => {
          process.stderr.write(`peakday erp-shim: error while stopping: ${(e as Error).message}\n`);
          resolve(ExitCode.FAILED);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  stopWhenParentDies();
  if (flag.bool(p, 'json')) process.stdout.write(JSON.stringify({ ready: true, url: shim.url, adapter: adapter.name }) + '\n');
  else process.stderr.write(`peakday erp-shim: adapter "${adapter.name}" on ${shim.url}\n`);
  return stopped;
}
