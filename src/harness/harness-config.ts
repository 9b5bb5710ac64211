/**
 * `peakday run <scenario>`: the harness's flags, validated once, before anything starts.
 * Every problem is reported together; the targets are checked against the loopback rule here
 * so a typo'd remote URL never receives a single request. The environment is part of the
 * configuration: a mock the user runs needs its credentials, and each one missing is named.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type FlagSpecs, flag } from '../../lib/cli/args.ts';
import { COMMON_FLAGS } from '../../lib/cli/command.ts';
import { parseOutSpecs, type OutSpec } from '../live/metrics-out/out-spec.ts';
import { assertTargetAllowed } from '../../lib/safety/target-guard.ts';
import { parseAdapterOptions } from '../erp-adapter/adapter-options.ts';
import { BUILT_IN_ADAPTERS } from '../erp-adapter/load-adapter.ts';
import { parseRepeatPlan, type RepeatPlan } from './repeat-plan.ts';

export const LOAD_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../load');
/** k6's web dashboard listens on 5665 by default; ours does too, so muscle memory works. */
export const DEFAULT_DASHBOARD_PORT = 5665;

export const HARNESS_FLAGS: FlagSpecs = {
  scale: { kind: 'number', help: 'multiply every rate of the scenario (default 1)', min: 0.001, max: 1000 },
  seed: { kind: 'number', help: 'seed of the catalog, the faults and the run (default 1)', min: 0, max: 2 ** 31 - 1, integer: true },
  env: { kind: 'list', short: 'e', help: 'K=V passed to the scenario as __ENV.K (repeatable)' },
  'mock-url': { kind: 'string', help: 'use a running mock platform instead of starting one' },
  'stack-url': { kind: 'string', help: "use your own integration's ERP API instead of the reference stack" },
  'erp-adapter': { kind: 'string', help: 'your ERP through your adapter module (.ts/.js; see src/erp-adapter/README.md), hosted by peakday erp-shim' },
  'erp-adapter-option': { kind: 'list', help: 'k=v given to the adapter factory (repeatable)' },
  'erp-poll-ms': { kind: 'number', help: 'how often the shim polls an ERP without a change log (default 500)', min: 10, max: 60_000, integer: true },
  'erp-op-timeout-ms': { kind: 'number', help: 'bound on every adapter call (default 10000)', min: 10, max: 600_000, integer: true },
  'platform-only': { kind: 'boolean', help: 'drive only the mock platform: your connector talks to the mock at --mock-url and your ERP is not reached; --initial-stock is the stock you declare it holds' },
  'allow-remote': { kind: 'list', help: 'allow load to this non-loopback host (repeatable)' },
  standards: { kind: 'string', help: 'a standards override file (see src/standards/README.md)' },
  'out-dir': { kind: 'string', help: 'where results/<time>-<scenario>/ goes (default ./results)' },
  'drain-timeout': { kind: 'number', help: 'seconds to wait for sync to settle after the load (default 60)', min: 1, max: 3600 },
  shops: { kind: 'number', help: 'shops on the mock platform (default 3)', min: 1, max: 50, integer: true },
  skus: { kind: 'number', help: 'SKUs in the catalog (default 200)', min: 1, max: 100_000, integer: true },
  warehouses: { kind: 'number', help: 'warehouses (default 3)', min: 1, max: 8, integer: true },
  'initial-stock': { kind: 'number', help: 'on-hand per SKU × warehouse seeded before the load (default 200)', min: 0, max: 99_999, integer: true },
  'access-token-s': { kind: 'number', help: "lifetime of the access tokens of the mock the run starts, in seconds (default TikTok's 7 days): the stack must renew them as they expire", min: 1, max: 10 * 365 * 86_400, integer: true },
  workers: { kind: 'number', help: 'generator processes splitting the load by execution segments (default 1: in this process)', min: 1, max: 64, integer: true },
  out: { kind: 'list', help: 'metrics while the run goes: prometheus=URL (remote write), openmetrics=PORT (scrape endpoint); repeatable' },
  repeat: { kind: 'string', help: 'certify only: rounds on a schedule, every=DURATION[,count=N][,probe=DURATION] (see src/harness/README.md)' },
  until: { kind: 'string', help: 'with --repeat: no round starts at or after this time (2026-11-30T18:00:00Z, or a duration from now: 8h)' },
  'keep-going': { kind: 'boolean', help: 'with --repeat: run every round even after one fails (each failure reported); default: stop at the first' },
  dashboard: { kind: 'number', help: `a live page of the run on 127.0.0.1 (port default ${DEFAULT_DASHBOARD_PORT}; 0: any free port)`, min: 0, max: 65535, integer: true, optionalValue: true },
  ...COMMON_FLAGS,
};

export interface HarnessConfig {
  scenario: string;
  scriptPath: string;
  scale: number;
  seed: string;
  env: Record<string, string>;
  mockUrl?: string;
  stackUrl?: string;
  allowRemote: string[];
  standardsFile?: string;
  outDir: string;
  drainTimeoutMs: number;
  catalog: { shops: number; skus: number; warehouses: number };
  initialStock: number;
  /** `--access-token-s`: access token lifetime of the mock the run starts; absent: the mock's default. */
  accessTokenS?: number;
  color: boolean;
  quiet: boolean;
  /** Generator processes (execution segments, merged exactly); 1 or absent: the load runs in-process. */
  workers?: number;
  /** `--dashboard [PORT]`: the live page's port on loopback; absent: no live page. */
  dashboardPort?: number;
  /** `--out`: where the run's metrics go while it runs. */
  outs: OutSpec[];
  /** The seller's ERP through an adapter, hosted by `peakday erp-shim` (in place of the reference stack). */
  erpAdapter?: ErpAdapterConfig;
  /** `--repeat` (with `--until`, `--keep-going`): certify in rounds on a schedule. */
  repeat?: RepeatPlan;
  /**
   * `--platform-only`: the seller's connector talks to the mock at `mockUrl`; peakday drives
   * buyers only and judges what the platform sees, `initialStock` being the declared stock.
   */
  platformOnly?: boolean;
}

export interface ErpAdapterConfig {
  /** A module path, or a built-in adapter name. */
  spec: string;
  options: Record<string, string>;
  pollMs: number;
  opTimeoutMs: number;
}

const SCENARIO = /^[a-z0-9][a-z0-9-]*$/;

/** The environment variables that carry the credentials of a mock the user runs (never flags: `ps` shows flags). */
export const MOCK_CREDENTIAL_VARS = ['PEAKDAY_APP_KEY', 'PEAKDAY_APP_SECRET', 'PEAKDAY_ACCESS_TOKEN'] as const;

/** Refuses anything but http(s): the harness speaks HTTP to both services. */
function checkScheme(url: string): string | undefined {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return `must be an http or https URL, got "${url}"`;
  }
  return protocol === 'http:' || protocol === 'https:' ? undefined : `must be an http or https URL, got "${protocol}" in "${url}"`;
}

export function scenarioNames(): string[] {
  return ['promo', 'stock-burst', 'soak', 'stress', 'chaos', 'certify'].filter((n) => existsSync(join(LOAD_DIR, `${n}.ts`)));
}

/** Parses and validates; `errors` lists every problem, `config` is set only when there is none. */
export function readHarnessConfig(argv: readonly string[], environment: NodeJS.ProcessEnv = process.env): { config?: HarnessConfig; errors: string[]; help: boolean } {
  const p = parseArgs(argv, HARNESS_FLAGS);
  const errors = [...p.errors];
  if (flag.bool(p, 'help')) return { errors: [], help: true };
  const [scenario, ...extra] = p.positionals;
  if (scenario === undefined) errors.push(`name a scenario: ${scenarioNames().join(', ')}`);
  else if (!SCENARIO.test(scenario) || !existsSync(join(LOAD_DIR, `${scenario}.ts`)))
    errors.push(`unknown scenario "${scenario}" (known: ${scenarioNames().join(', ')})`);
  if (extra.length > 0) errors.push(`unexpected arguments: ${extra.join(' ')}`);

  const env: Record<string, string> = {};
  for (const kv of flag.list(p, 'env')) {
    const eq = kv.indexOf('=');
    if (eq <= 0) errors.push(`-e needs K=V, got "${kv}"`);
    else env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const allowRemote = flag.list(p, 'allow-remote');
  for (const name of ['mock-url', 'stack-url'] as const) {
    const url = flag.str(p, name);
    if (url === undefined) continue;
    const badScheme = checkScheme(url);
    if (badScheme !== undefined) {
      errors.push(`--${name}: ${badScheme}`);
      continue;
    }
    try {
      assertTargetAllowed(url, allowRemote);
    } catch (e) {
      errors.push(`--${name}: ${(e as Error).message}`);
    }
  }
  if (flag.str(p, 'mock-url') !== undefined) {
    const missing = MOCK_CREDENTIAL_VARS.filter((k) => !environment[k]);
    if (missing.length > 0) errors.push(`--mock-url needs that mock's credentials in the environment (peakday mock prints them); not set: ${missing.join(', ')}`);
  }
  if (flag.num(p, 'access-token-s') !== undefined && flag.str(p, 'mock-url') !== undefined)
    errors.push('--access-token-s sets the mock the run starts; with --mock-url, start that mock with its own --access-token-s');
  const erpAdapter = readErpAdapter(p, errors);
  const platformOnly = readPlatformOnly(p, errors);
  const standardsFile = flag.str(p, 'standards');
  if (standardsFile !== undefined && !existsSync(standardsFile)) errors.push(`--standards: no such file "${standardsFile}"`);
  const out = parseOutSpecs(flag.list(p, 'out'));
  errors.push(...out.errors);
  const repeat = readRepeat(p, scenario, env, errors);
  if (errors.length > 0) return { errors, help: false };

  return {
    errors,
    help: false,
    config: {
      scenario: scenario as string,
      scriptPath: join(LOAD_DIR, `${scenario}.ts`),
      scale: flag.num(p, 'scale') ?? 1,
      seed: String(flag.num(p, 'seed') ?? 1),
      env: repeat ? { ...env, PROBE_S: String(repeat.probeS) } : env,
      mockUrl: flag.str(p, 'mock-url'),
      stackUrl: flag.str(p, 'stack-url'),
      allowRemote,
      standardsFile,
      outDir: flag.str(p, 'out-dir') ?? 'results',
      drainTimeoutMs: (flag.num(p, 'drain-timeout') ?? 60) * 1000,
      catalog: { shops: flag.num(p, 'shops') ?? 3, skus: flag.num(p, 'skus') ?? 200, warehouses: flag.num(p, 'warehouses') ?? 3 },
      initialStock: flag.num(p, 'initial-stock') ?? 200,
      ...(flag.num(p, 'access-token-s') === undefined ? {} : { accessTokenS: flag.num(p, 'access-token-s') }),
      color: !flag.bool(p, 'no-color') && process.stdout.isTTY === true,
      quiet: flag.bool(p, 'quiet'),
      workers: flag.num(p, 'workers') ?? 1,
      ...dashboardPort(p.flags.dashboard),
      outs: out.outs,
      ...(erpAdapter ? { erpAdapter } : {}),
      ...(repeat ? { repeat } : {}),
      ...(platformOnly ? { platformOnly } : {}),
    },
  };
}

/**
 * `--repeat`, `--until`, `--keep-going`: a certify schedule. Its probe reaches the scenario as
 * PROBE_S (set with the config's env), so `-e PROBE_S` beside `--repeat` would be a second
 * answer to one question.
 */
function readRepeat(p: ReturnType<typeof parseArgs>, scenario: string | undefined, env: Readonly<Record<string, string>>, errors: string[]): RepeatPlan | undefined {
  const value = flag.str(p, 'repeat');
  if (value === undefined) {
    for (const f of ['until', 'keep-going']) if (p.flags[f] !== undefined) errors.push(`--${f} needs --repeat`);
    return undefined;
  }
  if (scenario !== undefined && scenario !== 'certify') errors.push(`--repeat runs certify only, not "${scenario}"`);
  if (env.PROBE_S !== undefined) errors.push('-e PROBE_S and --repeat: give the probe as --repeat …,probe=DURATION');
  const until = flag.str(p, 'until');
  const r = parseRepeatPlan({ repeat: value, ...(until !== undefined ? { until } : {}), keepGoing: flag.bool(p, 'keep-going'), now: Date.now() });
  errors.push(...r.errors);
  return r.plan;
}

function dashboardPort(v: unknown): { dashboardPort?: number } {
  if (v === undefined) return {};
  return { dashboardPort: v === true ? DEFAULT_DASHBOARD_PORT : (v as number) };
}

function readErpAdapter(p: ReturnType<typeof parseArgs>, errors: string[]): ErpAdapterConfig | undefined {
  const spec = flag.str(p, 'erp-adapter');
  const pairs = flag.list(p, 'erp-adapter-option');
  if (spec === undefined) {
    for (const f of ['erp-adapter-option', 'erp-poll-ms', 'erp-op-timeout-ms']) if (p.flags[f] !== undefined) errors.push(`--${f} needs --erp-adapter`);
    return undefined;
  }
  if (flag.str(p, 'stack-url') !== undefined) errors.push('--erp-adapter and --stack-url name two systems under test: give one');
  if (!(spec in BUILT_IN_ADAPTERS) && !existsSync(spec)) errors.push(`--erp-adapter: no such file "${spec}" (built-in: ${Object.keys(BUILT_IN_ADAPTERS).join(', ')})`);
  return { spec, options: parseAdapterOptions(pairs, errors), pollMs: flag.num(p, 'erp-poll-ms') ?? 500, opTimeoutMs: flag.num(p, 'erp-op-timeout-ms') ?? 10_000 };
}

/**
 * `--platform-only` names no system under test of peakday's: the seller's connector is already
 * pointed at a mock they run, so that mock's URL is needed, and the stock they loaded must be
 * declared (the default would judge their platform stock against a number nobody stated).
 */
/** The scenarios whose load is buyers on the platform once the ERP's own traffic is left out. */
export const PLATFORM_ONLY_SCENARIOS = ['promo', 'soak'];

function readPlatformOnly(p: ReturnType<typeof parseArgs>, errors: string[]): boolean {
  if (!flag.bool(p, 'platform-only')) return false;
  if (flag.str(p, 'erp-adapter') !== undefined) errors.push('--platform-only and --erp-adapter conflict: platform-only means peakday has no way into your ERP; give one');
  if (flag.str(p, 'stack-url') !== undefined) errors.push('--platform-only and --stack-url conflict: platform-only means peakday has no way into your ERP; give one');
  if (flag.str(p, 'mock-url') === undefined) errors.push('--platform-only needs --mock-url: the mock your connector is pointed at (start it with `peakday mock`, give your connector the credentials it prints)');
  const scenario = p.positionals[0];
  if (scenario !== undefined && scenarioNames().includes(scenario) && !PLATFORM_ONLY_SCENARIOS.includes(scenario)) {
    errors.push(`--platform-only runs ${PLATFORM_ONLY_SCENARIOS.join(' and ')}: "${scenario}" drives your ERP itself (stock writes, stock-takes, certification steps), which platform-only cannot reach`);
  }
  if (p.flags['initial-stock'] === undefined) errors.push('--platform-only needs --initial-stock N: the on-hand per SKU × warehouse your ERP holds when the load starts (the platform\'s stock is judged against it)');
  return true;
}
