import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../../bin/peakday.mjs', import.meta.url).pathname;
const fixture = (name: string) => new URL(`./fixtures/${name}.ts`, import.meta.url).pathname;

/** Runs `peakday erp-shim ...`; resolves at exit, or at the first stdout line (then stops it). */
function shim(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'erp-shim', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (stdout.includes('\n') && !stopping) {
        stopping = true;
        child.kill('SIGTERM');
      }
    });
    child.on('close', (code, signal) => resolve({ code, stdout, stderr: stderr + (signal ? `(killed by ${signal})` : '') }));
  });
}

describe('peakday erp-shim', () => {
  it('refuses an adapter missing operations with exit 104, naming them, before listening', async () => {
    const r = await shim(['--adapter', fixture('missing-op-adapter'), '--json']);
    expect(r.code).toBe(104);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/is not usable:\n {2}readOrder: missing.*\n {2}markShipped: missing/);
  });

  it('refuses a hanging adapter after --op-timeout-ms with exit 104', async () => {
    const r = await shim(['--adapter', fixture('hanging-adapter'), '--op-timeout-ms', '200', '--json']);
    expect(r.code).toBe(104);
    expect(r.stderr).toMatch(/listOrders: listOrders\(\) did not answer within 200 ms/);
  });

  it('hosts a good adapter: one ready line, stops cleanly on SIGTERM', async () => {
    const r = await shim(['--adapter', fixture('memory-adapter'), '--json']);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ ready: true, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), adapter: 'memory' });
    expect(r.code, r.stderr).toBe(0);
  });

  it('lists every flag problem at once', async () => {
    const r = await shim(['--port', 'x', '--probe-sku', 'A']);
    expect(r.code).toBe(104);
    expect(r.stderr).toMatch(/--port/);
    expect(r.stderr).toMatch(/--adapter is required/);
    expect(r.stderr).toMatch(/--probe-sku and --probe-warehouse go together/);
  });
});
