/**
 * Where load may go, tested through the real command line:
 *   - `peakday run <script>` refuses a non-loopback target unless `--allow-remote HOST` names
 *     it, before any packet: a local server reached through 0.0.0.0 (not loopback by name, but
 *     answering locally) sees no connection at all until the host is allowed; 10.1.2.3, which
 *     would hang for the request's 60 s timeout, is refused at once;
 *   - TikTok's real hosts are refused even when `--allow-remote` names them;
 *   - the harness and the stack refuse such URLs at configuration, before starting anything;
 *   - the mock and the stack listen on 127.0.0.1 by default (checked in the kernel's socket
 *     table, not only in the URL they print).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChildService } from '../../src/harness/child-service.ts';
import { ROOT, runPeakday, type Finished } from './fixtures/run-peakday.ts';

const SCRIPT = join(ROOT, 'test', 'security', 'fixtures', 'aim-at-target.ts');

let server: Server;
let port = 0;
let connections = 0;
let requests = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    res.end('reached');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

function resultOf(f: Finished): { status: number; error_code: number; error: string } {
  const m = /RESULT (\{.*\})/.exec(f.stdout + f.stderr);
  if (!m) throw new Error(`no RESULT line (exit ${f.code}, ${f.ms} ms)\n--- stdout ---\n${f.stdout.slice(-2000)}\n--- stderr ---\n${f.stderr.slice(-2000)}`);
  return JSON.parse(m[1]!);
}

const aim = (target: string, allow: string[] = []) =>
  runPeakday(['run', SCRIPT, '--quiet', '--no-color', '-e', `TARGET=${target}`, ...allow.flatMap((h) => ['--allow-remote', h])], { timeoutMs: 45_000 });

describe('the runner refuses targets outside loopback', () => {
  it('a private address that would hang is refused at once, naming --allow-remote', async () => {
    const f = await aim('http://10.1.2.3/');
    const r = resultOf(f);
    expect(r.status).toBe(0);
    expect(r.error_code).toBe(1111);
    expect(r.error).toContain('--allow-remote 10.1.2.3');
    // The request's timeout is 60 s: a run that ends well before it never waited on a socket.
    expect(f.ms).toBeLessThan(40_000);
  }, 60_000);

  it('no packet reaches a non-loopback name until --allow-remote names it', async () => {
    const target = `http://0.0.0.0:${port}/`;
    const before = connections;
    const refused = resultOf(await aim(target));
    expect(refused.error_code).toBe(1111);
    expect(connections - before, 'connections opened to the refused target').toBe(0);

    const allowed = resultOf(await aim(target, ['0.0.0.0']));
    expect(allowed.status, JSON.stringify(allowed)).toBe(200);
    expect(connections - before).toBeGreaterThanOrEqual(1);
    expect(requests).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it("TikTok's real hosts are refused even when --allow-remote names them", async () => {
    const hosts = ['https://open-api.tiktokglobalshop.com/api/orders', 'https://auth.tiktok-shops.com/api/v2/token/get', 'https://OPEN-API.TikTokGlobalShop.com./x'];
    const runs = await Promise.all(hosts.map((h) => aim(h, [new URL(h).hostname, 'open-api.tiktokglobalshop.com'])));
    runs.forEach((f, i) => {
      const r = resultOf(f);
      expect(r.error_code, hosts[i]).toBe(1111);
      expect(r.error, hosts[i]).toContain("TikTok's real hosts");
    });
  }, 90_000);

  it('the harness refuses remote and TikTok URLs before it starts anything', async () => {
    const [remote, tiktok] = await Promise.all([
      runPeakday(['run', 'promo', '--stack-url', 'http://10.1.2.3:8080', '--quiet'], { timeoutMs: 30_000 }),
      runPeakday(['run', 'promo', '--mock-url', 'https://open-api.tiktokglobalshop.com', '--allow-remote', 'open-api.tiktokglobalshop.com', '--quiet'], { timeoutMs: 30_000 }),
    ]);
    expect(remote.code).toBe(104);
    expect(remote.stderr).toContain('--stack-url: refusing 10.1.2.3');
    expect(tiktok.code).toBe(104);
    expect(tiktok.stderr).toContain('--mock-url: refusing open-api.tiktokglobalshop.com');
    for (const f of [remote, tiktok]) {
      expect(f.stderr).not.toContain('mock platform on');
      expect(f.stderr).not.toContain('reference stack on');
    }
  }, 60_000);

  it('the stack refuses a remote platform URL at configuration', async () => {
    const f = await runPeakday(['stack', '--json', '--port', '0', '--tiktok-url', 'http://10.1.2.3:9000'], {
      timeoutMs: 30_000,
      env: { PEAKDAY_APP_KEY: 'k', PEAKDAY_APP_SECRET: 'security-test-secret', PEAKDAY_ACCESS_TOKEN: 'security-test-token' },
    });
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('refusing 10.1.2.3');
    expect(f.stdout).toBe('');
  }, 40_000);
});

/** Local addresses of the listening TCP sockets on `port` (from /proc/net/tcp and tcp6). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const out: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [addr, p] = (cols[1] ?? '').split(':');
      if (p === hexPort && cols[3] === '0A') out.push(addr!); // 0A = LISTEN
    }
  }
  return out;
}

describe('mock and stack bind to loopback by default', () => {
  const services: ChildService[] = [];
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
  });

  it('both listen on 127.0.0.1 only', async () => {
    const mock = await ChildService.start('mock', 'mock', ['--port', '0', '--skus', '4']);
    services.push(mock);
    const stack = await ChildService.start('stack', 'stack', ['--port', '0', '--tiktok-url', mock.url, '--db', ':memory:', '--log-level', 'error'], {
      env: { PEAKDAY_APP_KEY: String(mock.ready.app_key), PEAKDAY_APP_SECRET: String(mock.ready.app_secret), PEAKDAY_ACCESS_TOKEN: String(mock.ready.access_token) },
    });
    services.push(stack);
    for (const s of [mock, stack]) {
      const u = new URL(s.url);
      expect(u.hostname, s.role).toBe('127.0.0.1');
      const addrs = listeningAddresses(Number(u.port));
      if (addrs.length === 0) continue; // no /proc (not Linux): the URL check above stands alone
      // 0100007F is 127.0.0.1 in /proc's little-endian hex; 00000000 would be every interface.
      expect(addrs, `${s.role} listening addresses`).toEqual(['0100007F']);
    }
  }, 60_000);
});
