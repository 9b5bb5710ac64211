/**
 * `peakday run` refuses what it cannot run before it bundles or starts anything: exit 104
 * (invalid configuration) with every problem named, and no stack trace. Real processes.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../bin/peakday.mjs');
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface Exit {
  code: number | null;
  stderr: string;
  ms: number;
}

function peakday(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<Exit> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`peakday ${args.join(' ')} still running after ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - t0 });
    });
  });
}

const NO_TRACE = /\n\s+at .+\(.*:\d+:\d+\)/;

describe('peakday run: refused at start-up', () => {
  it('a standards file with impossible limits is a configuration error naming each', async () => {
    const r = await peakday(['run', 'certify', '--standards', fixture('impossible-standards.json'), '--quiet']);
    expect(r.code, r.stderr).toBe(ExitCode.INVALID_CONFIG);
    expect(r.stderr).toContain('standards[0].limit: webhook-ack-p99 is measured in ms: the limit must be >= 0, got -5');
    expect(r.stderr).toContain('standards[1].limit: platform-call-success is measured in ratio: the limit must be between 0 and 1 (100%), got 1.5');
    expect(r.stderr).not.toMatch(/bundling/);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it('--mock-url without the mock\'s credentials names every missing variable, before bundling', async () => {
    const r = await peakday(['run', 'certify', '--mock-url', 'http://127.0.0.1:9', '--quiet'], {
      PEAKDAY_APP_KEY: undefined,
      PEAKDAY_APP_SECRET: undefined,
      PEAKDAY_ACCESS_TOKEN: undefined,
    });
    expect(r.code, r.stderr).toBe(ExitCode.INVALID_CONFIG);
    for (const v of ['PEAKDAY_APP_KEY', 'PEAKDAY_APP_SECRET', 'PEAKDAY_ACCESS_TOKEN']) expect(r.stderr).toContain(v);
    expect(r.stderr).not.toMatch(/bundling/);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it('a URL that is not http or https is refused with its flag', async () => {
    const r = await peakday(['run', 'certify', '--stack-url', 'ftp://127.0.0.1/erp', '--mock-url', 'file:///x', '--quiet'], {
      PEAKDAY_APP_KEY: 'k',
      PEAKDAY_APP_SECRET: 's',
      PEAKDAY_ACCESS_TOKEN: 't',
    });
    expect(r.code, r.stderr).toBe(ExitCode.INVALID_CONFIG);
    expect(r.stderr).toMatch(/--stack-url: .*http or https.*"ftp:"/);
    expect(r.stderr).toMatch(/--mock-url: .*http or https.*"file:"/);
    expect(r.stderr).not.toMatch(/bundling/);
  });
});
