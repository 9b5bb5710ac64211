/**
 * End to end as users run it (issue 14, aim 5): two `peakday run`s, each a child process that
 * starts the mock and the reference stack itself, with the generator in the CLI's process; the
 * three share this machine's two cores unpinned, as in a user's run. Each run's summary.json
 * (written to a temporary --out-dir) is read back:
 *   1. `run promo --scale 10` (2,000 orders/s at the peak): the generator's CPU on average over
 *      the run's per-second samples; aim under 60% of a core with the run trusted.
 *   2. `run stress` with shipping raised with the steps (SHIP_RATE=400, STEP_RATE=500, STEPS=8,
 *      STEP_S=10: 100 -> 3,600 orders/s): the first standard to break, the rate offered then and
 *      each process's CPU around it; aim: a break that is the stack's, the generator not saturated
 *      there (the harness's trust rule decides, src/harness/cpu-at-break.ts).
 * The peer here is the aim's own bound: the generator's CPU is the figure, the share of a core
 * it leaves to the mock and the stack is what matters.
 *
 *   node --import tsx bench/end-to-end.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../src/results/run-result.ts';
import { verdict } from './support/processes.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GENERATOR_CPU_AIM = 60;
/** Bounds a run that hangs; the two runs take about 3 and 2 minutes here. */
const RUN_TIMEOUT_MS = 15 * 60_000;

/** Runs `peakday run <args>` with its results in a fresh temporary folder; returns its exit code and summary. */
function peakdayRun(args: string[]): { code: number | null; result: RunResult } {
  const out = mkdtempSync(join(tmpdir(), 'peakday-e2e-'));
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/peakday.mjs'), 'run', ...args, '--out-dir', out, '--quiet', '--no-color'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: RUN_TIMEOUT_MS,
    });
    const dirs = readdirSync(out);
    if (dirs.length !== 1) {
      const said = r.stderr.toString().trim().split('\n').slice(-20).join('\n');
      throw new Error(`peakday run ${args.join(' ')} exited with ${r.status ?? r.signal} and wrote no results folder:\n${said}`);
    }
    const result = JSON.parse(readFileSync(join(out, dirs[0] as string, 'summary.json'), 'utf8')) as RunResult;
    return { code: r.status, result };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function cpuText(cpu: readonly { role: string; avg: number; max: number }[]): string {
  return cpu.map((c) => `${c.role} ${Math.round(c.avg)} / ${Math.round(c.max)}`).join(', ');
}

function promo(): void {
  const args = ['promo', '--scale', '10'];
  console.log(`peakday run ${args.join(' ')}`);
  const { code, result: r } = peakdayRun(args);
  const gen = r.processes.find((p) => p.role === 'generator');
  console.log(`  verdict ${r.verdict} (exit ${code}), ${r.trust.trusted ? 'trusted' : `NOT trusted: ${r.trust.reasons.join('; ')}`}`);
  if (r.verdict !== 'pass') console.log(`    ${r.verdict_reasons.slice(0, 3).join('\n    ')}`);
  console.log(
    `  generator: ${r.generator.iterations} iterations, ${r.generator.dropped_iterations} dropped, start delay p99 ${r.generator.iteration_start_delay_p99_ms} ms`,
  );
  console.log(`  CPU, % of one core, avg / max over the run's seconds: ${cpuText(r.processes.map((p) => ({ role: p.role, ...p.cpu })))}`);
  const avg = gen?.cpu.avg ?? Number.NaN;
  console.log(`  generator CPU on average ${Math.round(avg)}% of a core, run trusted  aim < ${GENERATOR_CPU_AIM}% and trusted   ${verdict(avg < GENERATOR_CPU_AIM && r.trust.trusted)}`);
}

function stress(): void {
  const args = ['stress', '-e', 'SHIP_RATE=400', '-e', 'STEP_RATE=500', '-e', 'STEPS=8', '-e', 'STEP_S=10'];
  console.log(`peakday run ${args.join(' ')}`);
  const { code, result: r } = peakdayRun(args);
  console.log(`  verdict ${r.verdict} (exit ${code}), ${r.trust.trusted ? 'trusted' : `NOT trusted: ${r.trust.reasons.join('; ')}`}`);
  const b = r.breaking_points?.[0];
  if (!b) {
    const top = r.top_load;
    console.log(`  nothing broke${top ? ` up to ${Math.round(top.order_rate)} orders/s offered; CPU at the top: ${cpuText(top.cpu)}` : ''}`);
    console.log(`  a break point that is the stack's   ${verdict(false)}`);
    return;
  }
  console.log(`  first to break: ${b.standard} at ${b.at_s} s with ${Math.round(b.order_rate)} orders/s offered (${Math.round(b.value)} ms against ${b.limit} ms)`);
  console.log(`  CPU around it, % of one core, avg / max: ${cpuText(b.cpu ?? [])}`);
  console.log(`  a break point that is the stack's (limited by: ${b.limited_by ?? 'not judged'})   ${verdict(b.limited_by === 'stack')}`);
}

promo();
stress();
