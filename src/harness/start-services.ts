/**
 * The processes a run talks to: the mock platform and the reference stack (or the shim hosting
 * the seller's ERP adapter, or nothing in a platform-only run), each started here as
 * a child process on a free loopback port, unless the user gave the URL of one they run. Every
 * process started is added to `services` (stopped by the caller) and watched by the monitor
 * (CPU, memory, and the event-loop delay its health answer reports).
 */
import { join } from 'node:path';
import type { ProcessVitals } from '../../lib/process/vitals.ts';
import { ChildService } from './child-service.ts';
import { startErpShim } from './erp-shim-service.ts';
import type { ErpAdapterConfig, HarnessConfig } from './harness-config.ts';
import { PlatformView } from './platform-view.ts';
import { getJson } from './json-client.ts';
import type { ProcessMonitor } from './process-monitor.ts';
import { watchForRefusal } from './stack-start-watch.ts';
import { StartUpError } from './start-up-wait.ts';

/** The app's credentials on the platform: handed to the stack and to the scenario, never as flags. */
export interface Credentials {
  appKey: string;
  appSecret: string;
  accessToken: string;
  /** Lets the stack renew the access token before it expires; optional for a mock the user runs. */
  refreshToken?: string;
}

export interface SystemUnderTest {
  mockUrl: string;
  /** The ERP contract's URL; absent in a platform-only run (the seller's connector is theirs). */
  stackUrl?: string;
  cred: Credentials;
}

export interface StartContext {
  /** The run's temporary folder (the stack's database goes there). */
  work: string;
  services: ChildService[];
  monitor: ProcessMonitor;
  log: (line: string) => void;
  /** The run was interrupted: a service still starting is stopped. */
  signal?: AbortSignal;
}

export async function startServices(cfg: HarnessConfig, ctx: StartContext): Promise<SystemUnderTest> {
  const platform = cfg.mockUrl === undefined ? await startMock(cfg, ctx) : { mockUrl: cfg.mockUrl, cred: credentialsFromEnv() };
  if (cfg.platformOnly) {
    ctx.log(`peakday: platform only: your connector is expected to be running against ${platform.mockUrl}; your ERP is not reached`);
    return platform;
  }
  const stackUrl = cfg.stackUrl ?? (cfg.erpAdapter ? await startAdapterShim(cfg.erpAdapter, platform.mockUrl, ctx) : await startReferenceStack(platform.mockUrl, platform.cred, ctx, cfg.mockUrl === undefined ? undefined : CREDENTIAL_VARS));
  return { ...platform, stackUrl };
}

/** Where the credentials of a mock the user runs come from, for a refusal's message. */
const CREDENTIAL_VARS = 'PEAKDAY_APP_KEY, PEAKDAY_APP_SECRET and PEAKDAY_ACCESS_TOKEN against what that mock printed';

/** The platform: ours, started here, unless the user runs one. */
async function startMock(cfg: HarnessConfig, ctx: StartContext): Promise<{ mockUrl: string; cred: Credentials }> {
  const mock = await ChildService.start('mock', 'mock', [
    '--port', '0', '--seed', cfg.seed,
    '--shops', String(cfg.catalog.shops), '--skus', String(cfg.catalog.skus), '--warehouses', String(cfg.catalog.warehouses),
    ...(cfg.accessTokenS === undefined ? [] : ['--access-token-s', String(cfg.accessTokenS)]),
  ], { signal: ctx.signal });
  ctx.services.push(mock);
  ctx.monitor.watch('mock', mock.pid, healthProbe(`${mock.url}/__mock/health`, (b) => (b as { data?: ProcessVitals }).data));
  ctx.log(`peakday: mock platform on ${mock.url} (pid ${mock.pid})`);
  const cred = { appKey: String(mock.ready.app_key), appSecret: String(mock.ready.app_secret), accessToken: String(mock.ready.access_token), refreshToken: String(mock.ready.refresh_token) };
  return { mockUrl: mock.url, cred };
}

/** The system under test: the reference stack, unless the user brings theirs. */
async function startReferenceStack(mockUrl: string, cred: Credentials, ctx: StartContext, credentialsFrom?: string): Promise<string> {
  const whileStarting = async (url: string, over: AbortSignal) => {
    const refusal = await watchForRefusal(url, over);
    if (refusal === undefined) return undefined;
    const hint = credentialsFrom ? ` (check ${credentialsFrom})` : '';
    return new StartUpError(`the reference stack could not start: the platform at ${mockUrl} refused it: ${refusal}${hint}`);
  };
  const stack = await ChildService.start(
    'stack',
    'stack',
    ['--port', '0', '--tiktok-url', mockUrl, '--db', join(ctx.work, 'stack.db'), '--log-level', 'warn'],
    { env: stackEnv(cred), signal: ctx.signal, whileStarting },
  );
  ctx.services.push(stack);
  ctx.monitor.watch('stack', stack.pid, healthProbe(`${stack.url}/health`, (b) => b as ProcessVitals));
  ctx.log(`peakday: reference stack on ${stack.url} (pid ${stack.pid})`);
  return stack.url;
}

/** The credentials as the stack reads them (the environment keeps them out of `ps`). */
function stackEnv(cred: Credentials): Record<string, string> {
  const env: Record<string, string> = { PEAKDAY_APP_KEY: cred.appKey, PEAKDAY_APP_SECRET: cred.appSecret, PEAKDAY_ACCESS_TOKEN: cred.accessToken };
  if (cred.refreshToken !== undefined) env.PEAKDAY_REFRESH_TOKEN = cred.refreshToken;
  return env;
}

/** The seller's ERP through their adapter, hosted by `peakday erp-shim` (erp-shim-service.ts). */
async function startAdapterShim(adapter: ErpAdapterConfig, mockUrl: string, ctx: StartContext): Promise<string> {
  const shim = await startErpShim(adapter, await new PlatformView(mockUrl).catalog());
  ctx.services.push(shim);
  ctx.monitor.watch('erp-shim', shim.pid);
  ctx.log(`peakday: your ERP through ${adapter.spec} (${String(shim.ready.adapter)}), shim on ${shim.url} (pid ${shim.pid})`);
  return shim.url;
}

/** Reads a process's event-loop delay from its health answer; undefined when it gives none. */
function healthProbe(url: string, pick: (body: unknown) => ProcessVitals | undefined) {
  return async () => pick(await getJson<unknown>(url, 2000));
}

/** Credentials of a mock the user runs, from the environment (never from flags: `ps` shows flags). */
function credentialsFromEnv(): Credentials {
  const need = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`with --mock-url, set ${k} to that mock's credentials (peakday mock prints them)`);
    return v;
  };
  const refreshToken = process.env.PEAKDAY_REFRESH_TOKEN || undefined;
  return { appKey: need('PEAKDAY_APP_KEY'), appSecret: need('PEAKDAY_APP_SECRET'), accessToken: need('PEAKDAY_ACCESS_TOKEN'), ...(refreshToken ? { refreshToken } : {}) };
}
