/**
 * What the benches share to measure processes fairly on a busy two-core machine: children
 * pinned to a core with `taskset` (when present) so a driver and its target never share one,
 * a ready line read from the child's stdout, CPU-seconds read from /proc (user + system) so
 * figures are per CPU-second rather than per wall second, and the plain node:http target every
 * HTTP bench uses as its peer or its target.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

export const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const clkTck = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** `--name value` from this process's arguments, as a number. */
export function numberArg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
}

/** The command line that runs `argv` pinned to `core` (unpinned without taskset). */
export function pinned(core: number, argv: string[]): [string, string[]] {
  const [cmd, ...rest] = hasTaskset ? ['taskset', '-c', String(core), ...argv] : argv;
  return [cmd as string, rest];
}

/**
 * Starts `node [nodeFlags] --import tsx script args` on `core`; resolves with its first stdout
 * line as JSON. `nodeFlags` serve profiling (`--cpu-prof`), which NODE_OPTIONS does not allow.
 */
export function startChild(
  script: string,
  args: string[],
  core: number,
  nodeFlags: readonly string[] = [],
): Promise<{ proc: ChildProcess; ready: Record<string, unknown>; lines: AsyncIterator<string> }> {
  const [cmd, argv] = pinned(core, [process.execPath, ...nodeFlags, '--import', 'tsx', script, ...args]);
  const proc = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child ${args.join(' ')} not ready after 60 s`)), 60_000);
    proc.once('exit', (code) => reject(new Error(`child ${args.join(' ')} exited with ${code}`)));
    void lines.next().then((r) => {
      clearTimeout(timer);
      if (r.done) return reject(new Error(`child ${args.join(' ')} closed its stdout`));
      resolve({ proc, ready: JSON.parse(r.value) as Record<string, unknown>, lines });
    });
  });
}

/** Runs a child to its end; resolves with its last stdout line as JSON. */
export async function runChild(script: string, args: string[], core: number): Promise<Record<string, unknown>> {
  const { proc, ready, lines } = await startChild(script, args, core);
  let last = ready;
  for (let r = await lines.next(); !r.done; r = await lines.next()) last = JSON.parse(r.value) as Record<string, unknown>;
  if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
  return last;
}

export async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number | undefined {
  const f = `/proc/${pid}/stat`;
  if (!existsSync(f)) return undefined;
  const s = readFileSync(f, 'utf8');
  const fields = s.slice(s.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
  return (Number(fields[11]) + Number(fields[12])) / clkTck;
}

/** Busy and total seconds of one core so far, from /proc/stat (Linux); undefined elsewhere. */
export function coreTimes(core: number): { busyS: number; totalS: number } | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `));
  if (!line) return undefined;
  // user nice system idle iowait irq softirq steal ...
  const t = line.trim().split(/\s+/).slice(1).map(Number);
  const total = t.reduce((a, b) => a + b, 0);
  const idle = (t[3] ?? 0) + (t[4] ?? 0);
  return { busyS: (total - idle) / clkTck, totalS: total / clkTck };
}

/** This process's CPU seconds so far. */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Child role: a plain keep-alive node:http server that reads each request's body and answers
 * `payload`; prints `{"url": ...}` and stops on SIGTERM. `busyUs` > 0 adds that many
 * microseconds of busy computation before each answer: a calibration of what a given amount of
 * extra work per request costs a server in the same conditions.
 */
export async function servePlain(payload: string, busyUs = 0): Promise<void> {
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      if (busyUs > 0) for (const until = performance.now() + busyUs / 1000; performance.now() < until; );
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }) + '\n');
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** "met" / "NOT MET" for an aim. */
export const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT MET');
