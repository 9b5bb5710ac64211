/**
 * `peakday run` refuses what it cannot run before it bundles or starts anything: exit 104
 * (invalid configuration) with every problem named, and no stack trace. Real processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import { startMock } from '../../../mocks/tiktok-shop/server.ts';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../bin/peakday.mjs');
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface Exit {
  code: number | null;
  stderr: string;
  ms: number;
}

function peakday(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000, onStderr?: (all: string, child: ChildProcess) => void): Promise<Exit> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
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
const CREDENTIALS = { PEAKDAY_APP_KEY: 'k', PEAKDAY_APP_SECRET: 's', PEAKDAY_ACCESS_TOKEN: 't' };

/** A loopback URL nothing listens on: a port taken from the OS and released. */
async function closedUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

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

  it('a --mock-url nothing answers on is named with its URL and the time waited', async () => {
    const url = await closedUrl();
    const r = await peakday(['run', 'certify', '--mock-url', url, '--quiet'], CREDENTIALS);
    expect(r.code, r.stderr).toBe(ExitCode.INVALID_CONFIG);
    expect(r.stderr).toMatch(new RegExp(`mock platform at ${url}.* did not answer \\(ECONNREFUSED\\); waited \\d+\\.\\d s`));
    expect(r.stderr).not.toMatch(NO_TRACE);
    expect(r.stderr).not.toMatch(/bundling/);
    // The wait is bounded and short (10 s), not the 30-60 s of a service start.
    expect(r.ms).toBeLessThan(25_000);
  }, 40_000);

  it('a --stack-url nothing answers on is named with its URL and the time waited', async () => {
    const url = await closedUrl();
    const r = await peakday(['run', 'certify', '--stack-url', url, '--quiet']);
    expect(r.code, r.stderr).toBe(ExitCode.INVALID_CONFIG);
    expect(r.stderr).toMatch(new RegExp(`stack at ${url}.* did not answer \\(ECONNREFUSED\\); waited \\d+\\.\\d s`));
    expect(r.stderr).not.toMatch(NO_TRACE);
    expect(r.ms).toBeLessThan(25_000);
  }, 40_000);

  it('a --dashboard port already taken is named, exit 104, before anything starts', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = await peakday(['run', 'certify', '--dashboard', String(port), '--quiet']);
      expect(r.code, r.stderr).toBe(ExitCode.INVALID_CONFIG);
      expect(r.stderr).toMatch(new RegExp(`live dashboard could not listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
      expect(r.stderr).not.toMatch(NO_TRACE);
      expect(r.stderr).not.toMatch(/bundling/);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });

  it('SIGTERM during the wait stops at once with 105 and says nothing was measured', async () => {
    const url = await closedUrl();
    let signalledAt = 0;
    const t0 = Date.now();
    const r = await peakday(['run', 'certify', '--mock-url', url, '--quiet'], CREDENTIALS, 40_000, (all, child) => {
      if (signalledAt === 0 && /waiting for the mock platform/.test(all)) {
        signalledAt = Date.now();
        child.kill('SIGTERM');
      }
    });
    expect(signalledAt, r.stderr).toBeGreaterThan(0);
    expect(r.code, r.stderr).toBe(ExitCode.EXTERNAL_ABORT);
    expect(r.stderr).toMatch(/nothing was measured/);
    expect(r.stderr).not.toMatch(/results will be written/);
    expect(r.stderr).not.toMatch(NO_TRACE);
    // Promptly: well before the 10 s wait would have ended.
    expect(t0 + r.ms - signalledAt).toBeLessThan(5_000);
  }, 60_000);

  it('a mock that refuses the credentials ends the run promptly with 104, naming the refusal the stack saw', async () => {
    const mock = await startMock({ port: 0, seed: 'refused', skus: 4 });
    try {
      const r = await peakday(['run', 'certify', '--mock-url', mock.url, '--quiet'], CREDENTIALS, 50_000);
      expect(r.code, r.stderr).toBe(ExitCode.INVALID_CONFIG);
      expect(r.stderr).toMatch(new RegExp(`reference stack could not start: the platform at ${mock.url} refused it: .*code 36009004`));
      expect(r.stderr).toMatch(/PEAKDAY_APP_KEY/);
      expect(r.stderr).not.toMatch(/did not report ready/);
      expect(r.stderr).not.toMatch(NO_TRACE);
      // Well before the 30 s a start may take.
      expect(r.ms).toBeLessThan(25_000);
    } finally {
      await mock.close();
    }
  }, 60_000);

  it('SIGTERM while the reference stack starts and cannot become ready stops at once with 105', async () => {
    const mock = await startMock({ port: 0, seed: 'not-ready', skus: 4 });
    try {
      let signalledAt = 0;
      const t0 = Date.now();
      // Credentials the mock refuses: the reference stack starts but never becomes ready.
      const r = await peakday(['run', 'certify', '--mock-url', mock.url, '--quiet'], CREDENTIALS, 50_000, (all, child) => {
        // Once bundling starts, the harness is in its start-up: bundling, then the stack's start.
        if (signalledAt === 0 && /bundling certify/.test(all)) {
          signalledAt = Date.now() + 2000;
          setTimeout(() => child.kill('SIGTERM'), 2000);
        }
      });
      expect(signalledAt, r.stderr).toBeGreaterThan(0);
      expect(r.code, r.stderr).toBe(ExitCode.EXTERNAL_ABORT);
      expect(r.stderr).toMatch(/nothing was measured, no results written/);
      expect(r.stderr).not.toMatch(NO_TRACE);
      expect(t0 + r.ms - signalledAt).toBeLessThan(8_000);
    } finally {
      await mock.close();
    }
  }, 60_000);
});
