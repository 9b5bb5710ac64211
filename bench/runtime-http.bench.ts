/**
 * Closed-loop HTTP throughput: `peakday run` (C VUs looping http.get) versus autocannon
 * (C connections) against the same node:http target, one after the other in this run.
 * Prints requests/s of each, the ratio peakday/autocannon (aim ≥ 1.0) and the CPU each
 * process used (target, client). The target runs in its own process.
 *
 *   node --import tsx bench/runtime-http.bench.ts [--connections 50] [--seconds 10]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};

if (process.argv.includes('--role=target')) {
  // The target: a minimal keep-alive node:http server; prints its port, then its CPU on SIGTERM.
  const server = http.createServer((_q, s) => s.end('ok'));
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const a = server.address() as { port: number };
    process.stdout.write(`${JSON.stringify({ port: a.port })}\n`);
  });
  let last = process.cpuUsage();
  process.stdin.on('data', () => {
    const u = process.cpuUsage(last);
    last = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpuMs: (u.user + u.system) / 1000 })}\n`);
  });
  process.stdin.on('end', () => server.close(() => process.exit(0)));
} else {
  await main();
}

/** CPU seconds of a running process (user+system) from /proc, sampled until it exits. */
function cpuOf(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

function runChild(cmd: string, args: string[]): Promise<{ out: string; err: string; cpuS: number; wallS: number }> {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const c = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let cpu = 0;
    const poll = setInterval(() => {
      const v = cpuOf(c.pid as number);
      if (Number.isFinite(v)) cpu = v;
    }, 100);
    const kill = setTimeout(() => c.kill('SIGKILL'), 120_000);
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('error', rej);
    c.on('close', () => {
      clearInterval(poll);
      clearTimeout(kill);
      res({ out, err, cpuS: cpu, wallS: (performance.now() - t0) / 1000 });
    });
  });
}

async function main(): Promise<void> {
  const connections = arg('connections', 50);
  const seconds = arg('seconds', 10);
  const target = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--role=target'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buf = '';
  target.stdout.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) !== -1) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  const nextLine = async () => {
    const deadline = Date.now() + 10_000;
    while (lines.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return JSON.parse(lines.shift() ?? '{}');
  };
  const { port } = (await nextLine()) as { port: number };
  const url = `http://127.0.0.1:${port}/`;
  const targetCpu = async () => {
    target.stdin.write('x');
    return ((await nextLine()) as { cpuMs: number }).cpuMs / 1000;
  };
  const tmp = mkdtempSync(join(tmpdir(), 'peakday-bench-'));
  try {
    await targetCpu();
    // autocannon first: same connections, same duration
    const ac = await runChild(process.execPath, [join(REPO, 'node_modules', 'autocannon', 'autocannon.js'), '-c', String(connections), '-d', String(seconds), '-j', url]);
    const acTargetCpu = await targetCpu();
    const acJson = JSON.parse(ac.out) as { requests: { total: number }; duration: number };
    const acRps = acJson.requests.total / acJson.duration;

    const exportPath = join(tmp, 'summary.json');
    const pd = await runChild(process.execPath, [
      join(REPO, 'bin', 'peakday.mjs'), 'run', join(REPO, 'src/runtime/test/fixtures/bench/closed-loop.ts'),
      '--vus', String(connections), '--duration', `${seconds}s`, '-e', `TARGET=${url}`, '--quiet', '--summary-export', exportPath,
    ]);
    const pdTargetCpu = await targetCpu();
    const summary = JSON.parse(readFileSync(exportPath, 'utf8')) as { metrics: Record<string, Record<string, number>> };
    const pdRps = summary.metrics.http_reqs?.rate ?? 0;
    const failed = summary.metrics.http_req_failed?.value ?? summary.metrics.http_req_failed?.rate ?? 0;

    const row = (name: string, rps: number, cpu: number, wall: number, tcpu: number) =>
      `  ${name.padEnd(12)} ${rps.toFixed(0).padStart(8)} req/s   client CPU ${cpu.toFixed(1).padStart(5)} s (${((cpu / wall) * 100).toFixed(0)}% of a core over ${wall.toFixed(1)} s incl. start-up)   target CPU ${tcpu.toFixed(1)} s`;
    console.log(`closed loop, ${connections} connections/VUs, ${seconds}s each, target ${url}`);
    console.log(row('autocannon', acRps, ac.cpuS, ac.wallS, acTargetCpu));
    console.log(row('peakday run', pdRps, pd.cpuS, pd.wallS, pdTargetCpu));
    console.log(`  ratio peakday/autocannon: ${(pdRps / acRps).toFixed(2)}x   (aim >= 1.0; http_req_failed ${(failed * 100).toFixed(2)}%)`);
    console.log(`  requests per client CPU-second: autocannon ${(acJson.requests.total / ac.cpuS).toFixed(0)}, peakday ${((pdRps * seconds) / pd.cpuS).toFixed(0)}`);
    if (pd.err.trim()) console.log(`  peakday stderr: ${pd.err.trim().split('\n').slice(0, 3).join(' | ')}`);
  } finally {
    target.stdin.end();
    rmSync(tmp, { recursive: true, force: true });
    setTimeout(() => target.kill(), 2000).unref();
  }
}
