/**
 * Killing the runner mid-run: SIGTERM and SIGINT to `peakday run promo` (short env params)
 * while the load is running. Each run must still write its result folder, with summary.json
 * marked "interrupted" and holding what was measured so far (requests, iterations, processes),
 * and must leave no child process behind: the mock and stack pids it printed are gone.
 * The two runs go side by side to keep the file short.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../security/fixtures/run-peakday.ts';

const dirs: string[] = [];
const pids: number[] = [];
afterAll(() => {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers kill(0): it is dead but not yet reaped.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

interface Interrupted {
  signal: NodeJS.Signals;
  code: number | null;
  stderr: string;
  children: { role: string; pid: number }[];
  summary: any;
  files: string[];
  signalToExitMs: number;
}

async function runAndInterrupt(signal: NodeJS.Signals): Promise<Interrupted> {
  const out = mkdtempSync(join(tmpdir(), `peakday-interrupt-${signal}-`));
  dirs.push(out);
  // A promo whose hold alone would last a minute: the signal comes long before its end.
  const env = ['BASE_RATE=5', 'PEAK_RATE=20', 'BASELINE_S=2', 'RAMP_S=2', 'HOLD_S=60', 'DROP_S=1', 'TAIL_S=1', 'STOCK_RATE=5'].flatMap((kv) => ['-e', kv]);
  const child = spawn(process.execPath, [BIN, 'run', 'promo', '--out-dir', out, '--skus', '12', '--shops', '2', '--no-color', ...env], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.resume();
  const children: { role: string; pid: number }[] = [];
  let loadRunning = false;
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const m of d.matchAll(/(mock platform|reference stack) on \S+ \(pid (\d+)\)/g)) {
      children.push({ role: m[1]!, pid: Number(m[2]) });
      pids.push(Number(m[2]));
    }
    // Without a TTY the runtime prints a progress line every 5 s of load: the first one means
    // the load has been running for 5 s (baseline and ramp done, at the peak).
    if (/running \(\S+\), \d+\/\d+ VUs/.test(stderr)) loadRunning = true;
  });
  const exited = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 100_000);
  for (let i = 0; i < 900 && !loadRunning && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
  expect(loadRunning, `the load never started:\n${stderr}`).toBe(true);
  expect(child.exitCode, `the run ended before the signal:\n${stderr}`).toBeNull();
  const signalledAt = Date.now();
  child.kill(signal);
  const code = await exited;
  const signalToExitMs = Date.now() - signalledAt;
  clearTimeout(killer);
  const runs = existsSync(out) ? readdirSync(out) : [];
  const runDir = runs.length === 1 ? join(out, runs[0]!) : '';
  const files = runDir ? readdirSync(runDir) : [];
  const summary = files.includes('summary.json') ? JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) : undefined;
  return { signal, code, stderr, children, summary, files, signalToExitMs };
}

describe('interrupting the runner', () => {
  it('SIGTERM and SIGINT mid-run: results marked interrupted, with what was measured, and no child left', async () => {
    const results = await Promise.all([runAndInterrupt('SIGTERM'), runAndInterrupt('SIGINT')]);
    for (const r of results) {
      const where = `${r.signal} (exit ${r.code}):\n${r.stderr.slice(-3000)}`;
      expect(r.children.map((c) => c.role).sort(), where).toEqual(['mock platform', 'reference stack']);
      expect(r.summary, `no summary.json; files: ${r.files.join(', ')}\n${where}`).toBeDefined();
      const s = r.summary;
      expect(s.status, where).toBe('interrupted');
      expect(r.code, where).toBe(105); // k6's code for a run stopped from outside
      expect(String(s.status_reason), where).toContain(r.signal);
      // What was measured so far is there: traffic, iterations, process series, a verdict.
      expect(s.metrics.http_reqs?.values?.count ?? 0, where).toBeGreaterThan(10);
      expect(s.metrics.iterations?.values?.count ?? 0, where).toBeGreaterThan(10);
      expect(s.processes.map((p: { role: string }) => p.role).sort(), where).toEqual(['generator', 'mock', 'stack']);
      for (const p of s.processes) expect(p.cpu.series.length, `${p.role} series`).toBeGreaterThan(0);
      expect(s.config.load_duration_ms, where).toBeLessThan(60_000);
      expect(s.verdict, where).toBeDefined();
      for (const f of ['junit.xml', 'report.html']) expect(r.files, where).toContain(f);
      // Nothing outlives the runner.
      for (const c of r.children) expect(alive(c.pid), `${r.signal}: ${c.role} pid ${c.pid} still running`).toBe(false);
      process.stdout.write(`interrupt: ${r.signal} -> exit ${r.code} in ${r.signalToExitMs} ms; summary status ${s.status}, ${s.metrics.http_reqs.values.count} requests and ${s.metrics.iterations.values.count} iterations kept; children ${r.children.map((c) => c.pid).join(', ')} gone\n`);
    }
  }, 120_000);

  it('SIGKILL of the runner: the mock and the stack notice their parent is gone and stop', async () => {
    const r = await runAndInterrupt('SIGKILL');
    expect(r.children).toHaveLength(2);
    // No chance to clean up: the children watch their parent (lib/process/parent-watch.ts).
    for (let i = 0; i < 100 && r.children.some((c) => alive(c.pid)); i++) await new Promise((ok) => setTimeout(ok, 100));
    for (const c of r.children) expect(alive(c.pid), `${c.role} pid ${c.pid} outlived a killed runner`).toBe(false);
  }, 120_000);
});
