/**
 * Test helpers: a real node:http target on 127.0.0.1 port 0 that counts what it receives,
 * temp dirs, and the `peakday` CLI run as a child process. Everything here is closed by the
 * caller's afterEach/afterAll.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNTIME_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(RUNTIME_DIR, '..', '..');
export const FIXTURES = join(RUNTIME_DIR, 'test', 'fixtures');

export interface Target {
  url: string;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

/**
 * Routes: /status/N answers N; /delay/MS answers after MS; /json answers a JSON document;
 * /redirect answers 302 to /json; anything else 200 "ok".
 */
export async function startTarget(): Promise<Target> {
  const requests: Target['requests'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const u = req.url ?? '/';
      let m: RegExpExecArray | null;
      if ((m = /^\/status\/(\d+)/.exec(u))) {
        res.statusCode = Number(m[1]);
        res.end(`status ${m[1]}`);
      } else if ((m = /^\/delay\/(\d+)/.exec(u))) {
        const t = setTimeout(() => res.end('late'), Number(m[1]));
        res.on('close', () => clearTimeout(t));
      } else if (u.startsWith('/json')) {
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-custom-thing', 'yes');
        res.end(JSON.stringify({ items: [{ id: 7, name: 'a' }, { id: 8 }], ok: true, echo: body }));
      } else if (u.startsWith('/redirect')) {
        res.statusCode = 302;
        res.setHeader('location', '/json');
        res.end();
      } else res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function tempDir(): { path: string; write(name: string, text: string): string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'peakday-rt-test-'));
  return {
    path,
    write: (name, text) => {
      const p = join(path, name);
      writeFileSync(p, text);
      return p;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `peakday <args>` as a child process; killed after `timeoutMs`. */
export function runCli(args: string[], timeoutMs = 25_000): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'peakday.mjs'), ...args], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

import { runTest, type RunTestOptions, type RunTestResult } from '../run-test.ts';

export interface Recorded {
  result: RunTestResult;
  /** Sum of a metric's sample values, optionally only samples whose tags match. */
  sum(metric: string, tags?: Record<string, string>): number;
  values(metric: string, tags?: Record<string, string>): number[];
  warnings: string[];
  logs: string[];
  wallMs: number;
}

/** Writes `code` as a script in `dir` and runs it in-process, recording every sample. */
export async function runScript(dir: { write(name: string, text: string): string }, code: string, opts: Partial<RunTestOptions> = {}): Promise<Recorded> {
  const script = dir.write(`script-${Math.random().toString(36).slice(2)}.ts`, code);
  const samples: { name: string; value: number; tags: Record<string, string> }[] = [];
  const warnings: string[] = [];
  const logs: string[] = [];
  const started = performance.now();
  const result = await runTest({
    script,
    ...opts,
    onEngine: (engine) => {
      engine.registry.onSample((name, value, tags) => samples.push({ name, value, tags: tags as Record<string, string> }));
      engine.on('warning', (w: { message: string }) => warnings.push(w.message));
      engine.on('log', (l: { message: string }) => logs.push(l.message));
      opts.onEngine?.(engine);
    },
  });
  const wallMs = performance.now() - started;
  const pick = (metric: string, tags?: Record<string, string>) =>
    samples.filter((s) => s.name === metric && (!tags || Object.entries(tags).every(([k, v]) => s.tags[k] === v)));
  return {
    result,
    sum: (m, t) => pick(m, t).reduce((a, s) => a + s.value, 0),
    values: (m, t) => pick(m, t).map((s) => s.value),
    warnings,
    logs,
    wallMs,
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
}
