/** `peakday mock` as a real child process: ready line, pinned credentials, sellers, SIGTERM -> exit 0, bad flags -> 2. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DocClient } from './doc-client.ts';

const BIN = fileURLToPath(new URL('../../../bin/peakday.mjs', import.meta.url));
const children: ChildProcess[] = [];

function run(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'mock', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Output so far once it holds `text`; bounded by the test's timeout, and by the child's exit. */
async function until(get: () => string, text: string, exit: Promise<unknown>): Promise<string> {
  let exited = false;
  void exit.then(() => (exited = true));
  while (!get().includes(text) && !exited) await new Promise((r) => setTimeout(r, 50));
  return get();
}

async function firstLine(get: () => string, exit: Promise<unknown>): Promise<string> {
  return (await until(get, '\n', exit)).split('\n')[0] ?? '';
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('peakday mock CLI', () => {
  it('prints one JSON ready line, serves signed calls with pinned credentials, exits 0 on SIGTERM', async () => {
    const p = run(['--json', '--port', '0', '--seed', 'cli', '--shops', '2', '--skus', '20', '--app-key', 'pinnedkey', '--app-secret', 'pinnedsecret', '--access-token', 'pinned-token']);
    const line = await firstLine(p.stdout, p.exit);
    const ready = JSON.parse(line) as { ready: boolean; url: string; app_key: string; app_secret: string; access_token: string; shops: { cipher: string }[] };
    expect(ready).toMatchObject({ ready: true, app_key: 'pinnedkey', app_secret: 'pinnedsecret', access_token: 'pinned-token' });
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.shops).toHaveLength(2);
    const c = new DocClient({ baseUrl: ready.url, appKey: 'pinnedkey', appSecret: 'pinnedsecret', accessToken: 'pinned-token' });
    expect((await c.getWarehouses(ready.shops[0]!.cipher)).env.code).toBe(0);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    expect(p.stdout().trim().split('\n')).toHaveLength(1); // nothing else on stdout
  });

  it('human output names the URL and generated credentials; SIGINT also exits 0', async () => {
    const p = run(['--port', '0']);
    // The ready text ends with "Ctrl-C to stop."; a signal sent before it could find no handler yet.
    expect(await until(p.stdout, 'Ctrl-C to stop.', p.exit)).toContain('Ctrl-C to stop.');
    expect(p.stdout()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(p.stdout()).toMatch(/app_secret +[0-9a-f]{40}/);
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });

  it('--sellers: the ready line lists each seller with its own token, which reaches its own shops only', async () => {
    const file = fileURLToPath(new URL('fixtures/sellers-two.json', import.meta.url));
    const p = run(['--json', '--port', '0', '--skus', '4', '--sellers', file]);
    type Seller = { name: string; accessToken: string; shops: { region: string; currency: string; cipher: string }[] };
    const ready = JSON.parse(await firstLine(p.stdout, p.exit)) as { url: string; app_key: string; app_secret: string; access_token: string; sellers: Seller[] };
    expect(ready.sellers.map((s) => [s.name, s.shops.map((x) => `${x.region} ${x.currency}`)])).toEqual([
      ['Alpha Goods', ['US USD', 'GB GBP']],
      ['Beta Mart', ['ID IDR', 'TH THB']],
    ]);
    expect(ready.sellers[0]!.accessToken).toBe(ready.access_token);
    const beta = new DocClient({ baseUrl: ready.url, appKey: ready.app_key, appSecret: ready.app_secret, accessToken: ready.sellers[1]!.accessToken });
    expect((await beta.getWarehouses(ready.sellers[1]!.shops[1]!.cipher)).env.code).toBe(0);
    expect((await beta.getWarehouses(ready.sellers[0]!.shops[0]!.cipher)).env.code).toBe(36009004);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });

  it('exits 2 listing every flag problem', async () => {
    const p = run(['--port', 'x', '--shops', '0', '--nope', '--warehouses', '9', 'extra']);
    expect(await p.exit).toBe(2);
    const err = p.stderr();
    for (const want of ['--port needs a number', '--shops must be >= 1', 'unknown flag --nope', '--warehouses must be <= 8', 'unexpected argument: extra']) {
      expect(err).toContain(want);
    }
  });
});
