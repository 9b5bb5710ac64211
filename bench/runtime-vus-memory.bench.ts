/**
 * Memory per VU: peak RSS of a run with 10,000 VUs (aim ≤ 400 MB; k6 documents 1–5 MB per
 * VU) against the peer, the same script with 100 VUs, each in a fresh process. Prints both
 * peaks, the MB per added VU, and the ratio of the per-VU cost to k6's documented 1 MB floor.
 *
 *   node --import tsx bench/runtime-vus-memory.bench.ts [--vus 10000] [--seconds 8]
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTest } from '../src/runtime/run-test.ts';
import { verdict } from './support/processes.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};

const roleVus = process.argv.find((a) => a.startsWith('--role-vus='));
if (roleVus) {
  // child: run the fixture with N VUs, report peak RSS and how many iterations ran
  const vus = Number(roleVus.split('=')[1]);
  let peak = process.memoryUsage.rss();
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
  const cpu0 = process.cpuUsage();
  const r = await runTest({
    script: join(REPO, 'src/runtime/test/fixtures/bench/many-vus.ts'),
    env: { VUS: String(vus), DURATION: `${arg('seconds', 8)}s` },
  });
  clearInterval(t);
  peak = Math.max(peak, process.memoryUsage.rss());
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    JSON.stringify({ vus, peakMb: peak / 1048576, exit: r.exitCode, iterations: r.summary?.metrics.iterations?.values.count ?? 0, cpuS: (cpu.user + cpu.system) / 1e6 }) + '\n',
  );
  process.exit(0);
}

function child(vus: number): { vus: number; peakMb: number; exit: number; iterations: number; cpuS: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, `--role-vus=${vus}`, '--seconds', String(arg('seconds', 8))], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`child with ${vus} VUs failed: ${r.stderr.slice(0, 500)}`);
  }
}

const big = arg('vus', 10_000);
const small = child(100);
const large = child(big);
const perVu = (large.peakMb - small.peakMb) / (big - 100);
console.log(`VUs in one process (constant-vus, sleep 1 s per iteration, ${arg('seconds', 8)} s)`);
for (const r of [small, large]) {
  console.log(`  ${String(r.vus).padStart(6)} VUs: peak RSS ${r.peakMb.toFixed(0).padStart(5)} MB   iterations ${r.iterations}   CPU ${r.cpuS.toFixed(1)} s   exit ${r.exit}`);
}
console.log(`  ${(perVu * 1024).toFixed(0)} KB per added VU; ${big} VUs peak ${large.peakMb.toFixed(0)} MB  aim <= 400 MB   ${verdict(large.peakMb <= 400)}`);
console.log(`  per-VU cost / k6's documented 1 MB floor: ${perVu.toFixed(3)}x`);
