/**
 * Closed-loop HTTP cost: `peakday run` (50 VUs looping `http.get`) against a bare undici
 * dispatch loop (50 workers, no runtime) on the same node:http target, in requests per client
 * CPU-second. Aim (issue 14, 2): peakday >= 0.95x bare undici. autocannon (50 connections, its
 * own parser and pre-built requests) is printed for reference.
 *
 * The target runs on core 0, each client on core 1 (`taskset`), one at a time, two alternating
 * rounds, each side's best round kept: on a shared machine a neighbour's burst lands on one
 * round, not on a whole side. Client CPU is the client process's own (process.cpuUsage) from
 * its first request to its last, so start-up (tsx, bundling, VU init) is not counted.
 *
 *   node --import tsx bench/runtime-http.bench.ts [--connections 50] [--seconds 5] [--rounds 2]
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGenerator } from './support/generator.ts';
import { numberArg, runChild, selfCpuSeconds, servePlain, startChild, stopChild, verdict } from './support/processes.ts';
import { closedLoop, type LoopReport } from './support/undici-loops.ts';

const SELF = fileURLToPath(import.meta.url);
const FIXTURE = resolve(dirname(SELF), '..', 'src/runtime/test/fixtures/bench/closed-loop.ts');
const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
const url = process.argv[process.argv.indexOf('--url') + 1] ?? '';
const connections = numberArg('connections', 50);
const seconds = numberArg('seconds', 5);

type Autocannon = (o: { url: string; connections: number; duration: number }) => Promise<{ requests: { total: number }; non2xx: number; errors: number }>;

if (role === 'target') {
  await servePlain('ok');
} else if (role) {
  process.stdout.write('{}\n');
  process.stdout.write(JSON.stringify(await client(role)) + '\n');
  process.exit(0);
} else {
  await main();
}

async function client(kind: string): Promise<LoopReport> {
  if (kind === 'peakday') {
    const r = await runGenerator(FIXTURE, { TARGET: url }, { vus: connections, durationMs: seconds * 1000 });
    return { requests: r.requests, errors: r.failed, cpuS: r.cpuS, wallS: r.wallS };
  }
  if (kind === 'undici') return closedLoop(url, { method: 'GET' }, connections, seconds);
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const cpu0 = selfCpuSeconds();
  const t0 = performance.now();
  const r = await autocannon({ url, connections, duration: seconds });
  return { requests: r.requests.total, errors: r.non2xx + r.errors, cpuS: selfCpuSeconds() - cpu0, wallS: (performance.now() - t0) / 1000 };
}

async function main(): Promise<void> {
  const target = await startChild(SELF, ['--role=target'], 0);
  const targetUrl = String(target.ready.url);
  const best = new Map<string, LoopReport>();
  const perCpu = (r: LoopReport) => r.requests / r.cpuS;
  try {
    for (let round = 0; round < numberArg('rounds', 2); round++) {
      for (const kind of ['peakday', 'undici', 'autocannon']) {
        const r = (await runChild(SELF, [`--role=${kind}`, '--url', targetUrl, '--connections', String(connections), '--seconds', String(seconds)], 1)) as unknown as LoopReport;
        const prev = best.get(kind);
        if (!prev || perCpu(r) > perCpu(prev)) best.set(kind, r);
      }
    }
  } finally {
    await stopChild(target.proc);
  }
  console.log(`closed loop, ${connections} connections/VUs, ${seconds} s per round, GET to a node:http target (core 0), clients on core 1; best of each side`);
  for (const [kind, r] of best) {
    console.log(
      `  ${kind.padEnd(11)} ${(r.requests / r.wallS).toFixed(0).padStart(6)} req/s  ${perCpu(r).toFixed(0).padStart(6)} requests per client CPU-second ` +
        `(${((r.cpuS / r.requests) * 1e6).toFixed(1)} µs each)  errors ${r.errors}`,
    );
  }
  const pd = best.get('peakday') as LoopReport;
  const un = best.get('undici') as LoopReport;
  const ratio = perCpu(pd) / perCpu(un);
  console.log(`  peakday / bare undici per client CPU-second: ${ratio.toFixed(2)}x  aim >= 0.95x   ${verdict(ratio >= 0.95)}   (autocannon / bare undici ${(perCpu(best.get('autocannon') as LoopReport) / perCpu(un)).toFixed(2)}x, for reference)`);
}
