/**
 * The arrival-rate scheduler alone at 5,000 iterations/s: does it hold the rate and start
 * empty iterations on time? This is not the open model users run (that is
 * runtime-open-model-http.bench.ts, one real http.post per iteration); it isolates the
 * scheduler's own precision. Runs the constant-arrival-rate fixture in-process for 10 s, then, as
 * the peer in the same run, a naive scheduler (one setTimeout per iteration, the obvious
 * implementation) for the same schedule. Prints each one's achieved rate as a ratio of the
 * target and its start-delay p50/p99/max (aim: p99 ≤ 2 ms on an idle core), plus CPU.
 *
 *   node --import tsx bench/runtime-scheduler.bench.ts [--rate 5000] [--seconds 10]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LatencyHistogram } from '../lib/hdr/latency-histogram.ts';
import { runTest } from '../src/runtime/run-test.ts';
import { verdict } from './support/processes.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const rate = arg('rate', 5000);
const seconds = arg('seconds', 10);

function cpuSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1e6;
}

// --- peakday's scheduler ---
const delays = new LatencyHistogram();
let cpu0 = process.cpuUsage();
const r = await runTest({
  script: join(REPO, 'src/runtime/test/fixtures/bench/scheduler.ts'),
  env: { RATE: String(rate), DURATION: `${seconds}s` },
  onEngine: (e) =>
    e.registry.onSample((name, value) => {
      if (name === 'iteration_start_delay') delays.record(value);
    }),
});
const pdCpu = cpuSince(cpu0);
const m = r.summary?.metrics ?? {};
const pdIterations = m.iterations?.values.count ?? 0;
const pdDropped = m.dropped_iterations?.values.count ?? 0;

// --- the peer: one setTimeout per iteration on the same absolute schedule ---
const naive = new LatencyHistogram();
cpu0 = process.cpuUsage();
await new Promise<void>((done) => {
  const start = performance.now();
  const total = rate * seconds;
  let fired = 0;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    setTimeout(() => {
      naive.record(Math.max(0, performance.now() - due));
      if (++fired === total) done();
    }, Math.max(0, due - performance.now()));
  }
});
const naiveCpu = cpuSince(cpu0);

const line = (name: string, achieved: number, h: LatencyHistogram, cpu: number, extra = '') =>
  `  ${name.padEnd(22)} achieved ${(achieved / (rate * seconds)).toFixed(3)}x of target   start delay p50 ${h.percentile(50).toFixed(3)} ms  p99 ${h.percentile(99).toFixed(3)} ms  max ${h.maxMs.toFixed(1)} ms   CPU ${cpu.toFixed(1)} s${extra}`;
console.log(`scheduler (empty iterations): ${rate} iterations/s for ${seconds}s (${rate * seconds} due)`);
console.log(line('peakday arrival-rate', pdIterations, delays, pdCpu, `   dropped ${pdDropped}`));
console.log(line('naive setTimeout', naive.count, naive, naiveCpu));
console.log(`  p99 start delay ratio peakday/naive: ${(delays.percentile(99) / Math.max(0.001, naive.percentile(99))).toFixed(2)}   aim: peakday p99 <= 2 ms on an idle core   ${verdict(delays.percentile(99) <= 2)}`);
