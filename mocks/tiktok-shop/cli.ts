/**
 * `peakday mock`: starts the mock TikTok Shop platform on loopback and prints its URL and
 * credentials (a mock printing its own generated secrets is its job: nothing real is behind
 * them). With --json, exactly one JSON line on stdout once listening; logs go to stderr.
 * Stops cleanly on SIGINT / SIGTERM (exit 0). Bad flags: exit 2 with every problem listed.
 */
import { stopWhenParentDies } from '../../lib/process/parent-watch.ts';
import { readFileSync } from 'node:fs';
import { flag } from '../../lib/cli/args.ts';
import { readCommandLine, refuse, type Command } from '../../lib/cli/command.ts';
import { validateMockOptions, type MockOptions } from './options.ts';
import { startMock } from './server.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';

const COMMAND: Command = {
  name: 'peakday mock',
  about: 'usage: peakday mock [flags]\n\nStarts the mock TikTok Shop platform.',
  positionals: false,
  badInput: ExitCode.USAGE,
  flags: {
    host: { kind: 'string', help: 'bind address (default 127.0.0.1)' },
    port: { kind: 'number', integer: true, min: 0, max: 65535, help: 'port (default 0: a free port)' },
    seed: { kind: 'string', help: 'catalog and fault seed (default "peakday")' },
    shops: { kind: 'number', integer: true, min: 1, max: 50, help: 'number of shops (default 3)' },
    skus: { kind: 'number', integer: true, min: 1, max: 100_000, help: 'number of SKUs in the catalog (default 200)' },
    warehouses: { kind: 'number', integer: true, min: 1, max: 8, help: 'number of warehouses, one per region (default 3)' },
    'app-key': { kind: 'string', help: 'pin the app key (generated otherwise)' },
    'app-secret': { kind: 'string', help: 'pin the app secret (generated otherwise)' },
    'access-token': { kind: 'string', help: 'pin the initial access token (generated otherwise)' },
    'access-token-s': { kind: 'number', integer: true, min: 1, max: 10 * 365 * 86_400, help: 'access token lifetime in seconds (default 7 days); short ones make a connector renew during a run' },
    'rate-limit-qps': { kind: 'number', min: 0.001, max: 1e9, help: 'calls/s per app x shop x endpoint (default 50)' },
    faults: { kind: 'string', help: 'fault spec JSON file (see mocks/README.md)' },
    sellers: { kind: 'string', help: 'JSON file: several sellers, [{name?, shops: [market...]}] (see mocks/README.md; not with --shops)' },
    'webhook-timeout-ms': { kind: 'number', integer: true, min: 1, max: 3_600_000, help: 'webhook receiver deadline per attempt (default 3000)' },
    'webhook-retry-ms': { kind: 'string', help: 'webhook retry delays, comma-separated ms (default 120000,1800000,10800000,43200000)' },
    'allow-remote': { kind: 'list', help: 'a non-loopback host webhooks may be pushed to (repeatable)' },
    json: { kind: 'boolean', help: 'print one JSON ready line on stdout, nothing else' },
  },
};

/** Option path (as validateMockOptions names it) -> the flag that sets it. */
const FLAG_OF_OPTION: Readonly<Record<string, string>> = {
  host: '--host',
  port: '--port',
  seed: '--seed',
  shops: '--shops',
  skus: '--skus',
  warehouses: '--warehouses',
  appKey: '--app-key',
  appSecret: '--app-secret',
  accessToken: '--access-token',
  'tokenLifetimes.accessTokenS': '--access-token-s',
  'rateLimit.defaultQps': '--rate-limit-qps',
  'webhook.timeoutMs': '--webhook-timeout-ms',
  'webhook.retryScheduleMs': '--webhook-retry-ms',
  'webhook.allowRemote': '--allow-remote',
};

/** JSON files given by flag: the fault spec and the sellers. */
interface OptionFiles {
  faults?: string;
  sellers?: string;
}

/** "appKey: expected …" -> "--app-key: expected …"; a problem inside a file names the file. */
function inFlagTerms(problem: string, files: OptionFiles): string {
  if (files.faults !== undefined && problem.startsWith('faults.')) return `--faults ${files.faults}: ${problem.slice('faults.'.length)}`;
  if (files.sellers !== undefined && problem.startsWith('sellers')) return `--sellers ${files.sellers}: ${problem}`;
  const path = /^[A-Za-z.]+/.exec(problem)?.[0] ?? '';
  const flagName = FLAG_OF_OPTION[path];
  return flagName ? flagName + problem.slice(path.length) : problem;
}

/** A flag's JSON file, or undefined with the problem recorded (validation comes after). */
function readJson(flagName: string, file: string, problems: string[]): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    problems.push(`${flagName} ${file}: ${(err as Error).message}`);
    return undefined;
  }
}

export type MockCommandLine = { exit: number } | { exit?: undefined; options: MockOptions; problems: string[]; json: boolean; quiet: boolean };

/** Flags -> options, or every problem found, named by the flag the user typed. */
export function optionsFromArgs(argv: readonly string[]): MockCommandLine {
  const cl = readCommandLine(argv, COMMAND);
  if (cl.exit !== undefined) return cl;
  const { args: p, problems } = cl;
  const o: MockOptions = {};
  const s = (n: string) => flag.str(p, n);
  const n = (k: string) => flag.num(p, k);
  if (s('host') !== undefined) o.host = s('host');
  if (n('port') !== undefined) o.port = n('port');
  if (s('seed') !== undefined) o.seed = s('seed');
  if (n('shops') !== undefined) o.shops = n('shops');
  if (n('skus') !== undefined) o.skus = n('skus');
  if (n('warehouses') !== undefined) o.warehouses = n('warehouses');
  if (s('app-key') !== undefined) o.appKey = s('app-key');
  if (s('app-secret') !== undefined) o.appSecret = s('app-secret');
  if (s('access-token') !== undefined) o.accessToken = s('access-token');
  if (n('access-token-s') !== undefined) o.tokenLifetimes = { accessTokenS: n('access-token-s') as number };
  if (n('rate-limit-qps') !== undefined) o.rateLimit = { defaultQps: n('rate-limit-qps') as number };
  const webhook: NonNullable<MockOptions['webhook']> = {};
  if (n('webhook-timeout-ms') !== undefined) webhook.timeoutMs = n('webhook-timeout-ms');
  const retry = s('webhook-retry-ms');
  if (retry !== undefined) {
    const parts = retry.split(',').map((x) => x.trim());
    if (parts.some((x) => !/^\d+$/.test(x))) problems.push(`flag --webhook-retry-ms needs comma-separated whole milliseconds, got "${retry}"`);
    else webhook.retryScheduleMs = parts.map(Number);
  }
  if (flag.list(p, 'allow-remote').length > 0) webhook.allowRemote = flag.list(p, 'allow-remote');
  if (Object.keys(webhook).length > 0) o.webhook = webhook;
  const files: OptionFiles = { faults: s('faults'), sellers: s('sellers') };
  if (files.faults !== undefined) o.faults = readJson('--faults', files.faults, problems);
  if (files.sellers !== undefined) o.sellers = readJson('--sellers', files.sellers, problems) as MockOptions['sellers'];
  problems.push(...validateMockOptions(o).map((x) => inFlagTerms(x, files)));
  return { options: o, problems, json: flag.bool(p, 'json'), quiet: flag.bool(p, 'quiet') };
}

export async function main(argv: string[]): Promise<number> {
  const cl = optionsFromArgs(argv);
  if (cl.exit !== undefined) return cl.exit;
  const { options, problems, json, quiet } = cl;
  if (problems.length > 0) return refuse(COMMAND, problems);
  const mock = await startMock(options);
  const ready = {
    ready: true,
    url: mock.url,
    app_key: mock.appKey,
    app_secret: mock.appSecret,
    access_token: mock.accessToken,
    refresh_token: mock.refreshToken,
    shops: mock.shops,
    // Configured sellers with their own tokens (the first seller's are the ones above).
    ...(options.sellers !== undefined && { sellers: mock.sellers }),
    warehouses: mock.platform.catalog.warehouses.map((w) => ({ id: w.id, region_code: w.address.region_code })),
    pid: process.pid,
  };
  // Handlers first: whoever reads the ready line may signal at once, and must get a clean stop.
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    stopWhenParentDies();
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  if (json) process.stdout.write(`${JSON.stringify(ready)}\n`);
  else {
    const lines = [
      `mock TikTok Shop listening on ${mock.url}`,
      `  app_key       ${mock.appKey}`,
      `  app_secret    ${mock.appSecret}`,
      `  access_token  ${mock.accessToken}`,
      `  refresh_token ${mock.refreshToken}`,
      `  shops:`,
      ...(options.sellers === undefined
        ? mock.shops.map((s) => `    ${s.id}  ${s.region.padEnd(12)} cipher ${s.cipher}`)
        : mock.sellers.flatMap((x) => [`    seller ${x.id} ${x.name}: access_token ${x.accessToken}`, ...x.shops.map((s) => `      ${s.id}  ${s.region.padEnd(4)} ${s.currency}  cipher ${s.cipher}`)])),
      `  control API   ${mock.url}/__mock/catalog (see mocks/README.md)`,
      `Ctrl-C to stop.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const signal = await stopped;
  if (!quiet) process.stderr.write(`[mock] ${signal}: stopping\n`);
  await mock.close();
  return ExitCode.OK;
}
