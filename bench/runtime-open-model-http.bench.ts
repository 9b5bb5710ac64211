/**
 * The open model as users run it: one constant-arrival-rate scenario whose iteration is one
 * `http.post` of a 300-byte JSON body to a plain node:http server in another process. The
 * target runs on core 0, the generator on core 1 (`taskset`), one after the other:
 *   1. the closed loop (50 VUs, same iteration): the peer for CPU per request;
 *   2. the open model at each rate (default 2,000/s and 5,000/s; preAllocatedVUs rate/10,
 *      maxVUs 2,000).
 * Aims (issue 14, 1), each printed met / not met:
 *   - dropped iterations <= 0.5% of those due;
 *   - iteration_start_delay p99 <= 5 ms;
 *   - VUs in use (the most iterations running at once) <= 2 x rate x mean iteration time
 *     + rate x 5 ms (the iterations one allowed 5 ms of lateness may start together);
 *   - CPU per request <= 1.2x the closed loop's (the generator's CPU-seconds, first iteration
 *     to end of run).
 * Next to each, bare undici (no runtime at all) in the same two shapes, 50 workers closed and
 * the same arrival schedule open: its open/closed ratio is the floor Node and undici set for
 * the open model's CPU per request, whatever the runtime does.
 *
 *   node --import tsx bench/runtime-open-model-http.bench.ts [--rates 2000,5000] [--seconds 10]
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGenerator, type GeneratorReport } from './support/generator.ts';
import { closedLoop, openLoop, type LoopReport, type LoopRequest } from './support/undici-loops.ts';
import { numberArg, runChild, servePlain, startChild, stopChild, verdict } from './support/processes.ts';

const SELF = fileURLToPath(import.meta.url);
const FIXTURE = resolve(dirname(SELF), '..', 'src/runtime/test/fixtures/bench/open-model-http.ts');
/** The fixture's request, for the bare-undici peer. */
const POST: LoopRequest = {
  method: 'POST',
  body: JSON.stringify({ sku: 'SKU-000001', warehouse: 'WH-1', quantity: 1, note: 'x'.repeat(300 - 62) }),
  headers: { 'content-type': 'application/json' },
};
const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
const textArg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : (process.argv[i + 1] ?? def);
};

if (role === 'target') {
  await servePlain('{"ok":true}');
} else if (role === 'generator') {
  process.stdout.write('{}\n');
  const env = { TARGET: textArg('url', ''), RATE: textArg('rate', '5000'), DURATION: `${numberArg('seconds', 10)}s` };
  const cli = textArg('mode', 'open') === 'closed' ? { vus: 50, durationMs: numberArg('seconds', 10) * 1000 } : undefined;
  const r = await runGenerator(FIXTURE, env, cli, 1);
  process.stdout.write(JSON.stringify(r) + '\n');
  process.exit(0);
} else if (role === 'undici') {
  process.stdout.write('{}\n');
  const url = textArg('url', '');
  const seconds = numberArg('seconds', 10);
  const r = textArg('mode', 'open') === 'closed' ? await closedLoop(url, POST, 50, seconds) : await openLoop(url, POST, numberArg('rate', 5000), seconds);
  process.stdout.write(JSON.stringify(r) + '\n');
  process.exit(0);
} else {
  await main();
}

async function generate(url: string, mode: 'open' | 'closed', rate: number, seconds: number): Promise<GeneratorReport> {
  const args = ['--role=generator', '--mode', mode, '--url', url, '--rate', String(rate), '--seconds', String(seconds)];
  return (await runChild(SELF, args, 1)) as unknown as GeneratorReport;
}

async function undici(url: string, mode: 'open' | 'closed', rate: number, seconds: number): Promise<LoopReport> {
  const args = ['--role=undici', '--mode', mode, '--url', url, '--rate', String(rate), '--seconds', String(seconds)];
  return (await runChild(SELF, args, 1)) as unknown as LoopReport;
}

function usPerReq(r: { cpuS: number; requests: number }): number {
  return (r.cpuS / r.requests) * 1e6;
}

async function main(): Promise<void> {
  const rates = textArg('rates', '2000,5000').split(',').map(Number);
  const seconds = numberArg('seconds', 10);
  const target = await startChild(SELF, ['--role=target'], 0);
  const url = String(target.ready.url);
  try {
    const closed = await generate(url, 'closed', 0, Math.min(seconds, 5));
    const closedCpu = usPerReq(closed);
    const bareClosed = await undici(url, 'closed', 0, Math.min(seconds, 5));
    console.log(`open model, real HTTP: http.post of 300 B JSON to a node:http target (core 0), generator on core 1`);
    console.log(
      `  closed loop (peer), 50 VUs: ${(closed.requests / closed.wallS).toFixed(0)} req/s, ${closedCpu.toFixed(1)} µs CPU per request, ` +
        `${(closed.requests / closed.cpuS).toFixed(0)} requests per CPU-second; bare undici, 50 workers: ${usPerReq(bareClosed).toFixed(1)} µs`,
    );
    for (const rate of rates) {
      const o = await generate(url, 'open', rate, seconds);
      const bareOpen = await undici(url, 'open', rate, seconds);
      const due = rate * seconds;
      const droppedShare = o.dropped / due;
      const cpuPerReq = (o.cpuS / o.requests) * 1e6;
      const busyBound = 2 * rate * (o.iterationMeanMs / 1000) + rate * 0.005;
      console.log(`  ${rate}/s for ${seconds} s (${due} due): ${o.iterations} iterations, ${o.requests} requests (${o.failed} failed), ` +
        `http_req_duration p50 ${o.reqP50.toFixed(2)} ms p99 ${o.reqP99.toFixed(2)} ms, http_req_blocked p99 ${o.blockedP99.toFixed(2)} ms, ` +
        `VUs initialised ${o.vusInitialised} (preAllocatedVUs ${Math.ceil(rate / 10)}), connections opened ${o.connections}, generator ${((o.cpuS / o.wallS) * 100).toFixed(0)}% of a core`);
      // what else ran on the generator's core: the figures are the generator's own only when small
      if (o.othersOnCore !== undefined) console.log(`    core 1 during the run: ${(o.othersOnCore * 100).toFixed(0)}% used by other processes`);
      console.log(`    dropped            ${(droppedShare * 100).toFixed(2)}% (${o.dropped})  aim <= 0.5%   ${verdict(droppedShare <= 0.005)}`);
      console.log(`    start delay p99    ${o.startDelayP99.toFixed(2)} ms  aim <= 5 ms   ${verdict(o.startDelayP99 <= 5)}`);
      console.log(
        `      first second: ${o.lateFirstSecond} iterations started over 5 ms late; after it: ${o.lateAfter} (${((o.lateAfter / Math.max(1, due - rate)) * 100).toFixed(2)}%), ` +
          `start delay p99 ${o.startDelayP99After.toFixed(2)} ms (cold code: src/runtime/README.md, "The first burst")`,
      );
      console.log(`    VUs in use (peak)  ${o.peakBusy}  aim <= 2 x rate x ${o.iterationMeanMs.toFixed(3)} ms + rate x 5 ms = ${busyBound.toFixed(0)}   ${verdict(o.peakBusy <= busyBound)}`);
      console.log(`      after the first second: ${o.peakBusyAfter}`);
      console.log(`    CPU per request    ${cpuPerReq.toFixed(1)} µs = ${(cpuPerReq / closedCpu).toFixed(2)}x the closed loop's  aim <= 1.2x   ${verdict(cpuPerReq <= 1.2 * closedCpu)}`);
      console.log(
        `      floor: bare undici on the same schedule ${usPerReq(bareOpen).toFixed(1)} µs = ${(usPerReq(bareOpen) / usPerReq(bareClosed)).toFixed(2)}x its closed loop; ` +
          `peakday open / bare undici open ${(cpuPerReq / usPerReq(bareOpen)).toFixed(2)}x (closed: ${(closedCpu / usPerReq(bareClosed)).toFixed(2)}x)`,
      );
    }
  } finally {
    await stopChild(target.proc);
  }
}
