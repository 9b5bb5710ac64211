/**
 * Secrets never leak: the app secret and the access token appear in no output.
 *
 * 1. A real `peakday run certify` as a child process. The harness generates the mock's
 *    credentials and hands them to the stack through its environment; the test reads them
 *    from there (/proc/<stack pid>/environ, the pid the harness prints), then searches the
 *    run's stdout, stderr and every file of the result folder (summary.json, junit.xml,
 *    report.html, hdr logs) for them — raw, URL-encoded and base64.
 * 2. The stack's own log, at info level, through a run that makes it log errors on purpose:
 *    a forged webhook, platform errors (an expired token, injected 500s), against a mock
 *    with pinned, recognisable credentials.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../mocks/tiktok-shop/server.ts';
import { ChildService } from '../../src/harness/child-service.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { signWebhook } from '../../lib/tiktok/signature.ts';
import { BIN, ROOT } from './fixtures/run-peakday.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The forms a secret could take in an output. */
function forms(secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64').replace(/=+$/, '')])];
}

function leaks(text: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, s] of Object.entries(secrets)) for (const f of forms(s)) if (text.includes(f)) found.push(`${name} (${f === s ? 'raw' : 'encoded'})`);
  return found;
}

describe('secrets never leak', () => {
  it('a harness run: no secret in stdout, stderr or any result file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'peakday-secrets-'));
    dirs.push(out);
    const child = spawn(process.execPath, [BIN, 'run', 'certify', '--out-dir', out, '--skus', '12', '--quiet', '--no-color'], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const secrets: Record<string, string> = {};
    let envError = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const m = /reference stack on \S+ \(pid (\d+)\)/.exec(stderr);
      if (m && secrets.appSecret === undefined) {
        try {
          const env = new Map(readFileSync(`/proc/${m[1]}/environ`, 'latin1').split('\0').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
          secrets.appSecret = env.get('PEAKDAY_APP_SECRET') ?? '';
          secrets.accessToken = env.get('PEAKDAY_ACCESS_TOKEN') ?? '';
          secrets.refreshToken = env.get('PEAKDAY_REFRESH_TOKEN') ?? '';
        } catch (e) {
          envError = String(e);
        }
      }
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    clearTimeout(killer);

    // The run must have gone to its end and been judged; whether this machine kept up (pass or
    // untrusted) is not what is tested here, the files it wrote are.
    expect([ExitCode.OK, ExitCode.THRESHOLDS_FAILED, ExitCode.UNTRUSTED], `exit code; stderr:\n${stderr.slice(-3000)}`).toContain(code);
    expect(envError, 'reading the stack environment').toBe('');
    // Real credentials were captured, so the search below is not vacuous.
    expect(secrets.appSecret?.length ?? 0).toBeGreaterThanOrEqual(16);
    expect(secrets.accessToken?.length ?? 0).toBeGreaterThanOrEqual(16);
    expect(secrets.refreshToken?.length ?? 0).toBeGreaterThanOrEqual(16);

    const files = filesUnder(out);
    for (const want of ['summary.json', 'junit.xml', 'report.html']) expect(files.some((f) => f.endsWith(want)), want).toBe(true);
    expect(files.some((f) => f.endsWith('.hlog')), 'hdr logs').toBe(true);
    const found: string[] = [];
    for (const [where, text] of [['stdout', stdout], ['stderr', stderr], ...files.map((f) => [f, readFileSync(f, 'latin1')])] as [string, string][])
      for (const l of leaks(text, secrets)) found.push(`${l} in ${where}`);
    expect(found).toEqual([]);
  }, 180_000);

  let mock: RunningMock | undefined;
  let stack: ChildService | undefined;
  afterAll(async () => {
    await stack?.stop();
    await mock?.close();
  });

  it("the stack's log at info level, through errors, names no secret", async () => {
    const secrets = { appSecret: 'PINNED-APP-SECRET-5f1c0ffee', accessToken: 'PINNED-ACCESS-TOKEN-7a11ce' };
    mock = await startMock({ port: 0, seed: 'secrets', skus: 4, appSecret: secrets.appSecret, accessToken: secrets.accessToken, webhook: { retryScheduleMs: [100, 200] } });
    const dir = mkdtempSync(join(tmpdir(), 'peakday-secrets-stack-'));
    dirs.push(dir);
    let log = '';
    stack = await ChildService.start('stack', 'stack', ['--port', '0', '--tiktok-url', mock.url, '--db', join(dir, 's.db'), '--log-level', 'info', '--retry-base-ms', '20', '--retry-cap-ms', '200'], {
      env: { PEAKDAY_APP_KEY: mock.appKey, PEAKDAY_APP_SECRET: secrets.appSecret, PEAKDAY_ACCESS_TOKEN: secrets.accessToken },
      onStderr: (l) => (log += `${l}\n`),
    });
    const ctl = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${mock!.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return ((await r.json()) as { data: any }).data;
    };
    const erp = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${stack!.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const cat = await ctl('GET', '/__mock/catalog');
    const sku = cat.skus[0];
    const wh = cat.warehouses[0].id;

    // Platform errors: injected 500s on every inventory update, while stock changes.
    await ctl('PUT', '/__mock/faults', { errors: { share: 1, endpoints: ['POST /product/*'] } });
    expect((await erp('PUT', `/stock/${sku.seller_sku}/${wh}`, { on_hand: 9 })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    await ctl('PUT', '/__mock/faults', {});
    // A forged webhook and one whose signature uses the real secret over another body.
    const body = JSON.stringify({ type: 1, tts_notification_id: 'n1', shop_id: cat.shops[0].id, timestamp: Math.floor(Date.now() / 1000), data: { order_id: '1', order_status: 'CANCEL' } });
    expect((await erp('POST', '/webhooks/tiktok', body, { authorization: signWebhook(mock.appKey, 'guess', body) })).status).toBe(401);
    expect((await erp('POST', '/webhooks/tiktok', body, { authorization: signWebhook(mock.appKey, secrets.appSecret, `${body} `) })).status).toBe(401);
    // The token expires: every platform call fails with 105002 from now on.
    await ctl('POST', '/__mock/tokens/expire', { access_token: secrets.accessToken });
    expect((await erp('PUT', `/stock/${sku.seller_sku}/${wh}`, { on_hand: 10 })).status).toBe(200);
    await ctl('POST', '/__mock/orders', { shop_id: cat.shops[0].id, line_items: [{ sku_id: sku.id, quantity: 1 }] }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2000));
    await stack.stop();

    if (process.env.PEAKDAY_TEST_SHOW_LOG === "1") process.stdout.write(log);
    // The log did record the trouble (so it was exercised), and no secret with it.
    expect(log).toContain('36009003');
    expect(log).toContain('105002');
    expect(leaks(log, secrets)).toEqual([]);
  }, 60_000);
});
