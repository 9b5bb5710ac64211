/**
 * What `peakday run` prints on stdout when the results are written: the verdict and the
 * standards table, then for a soak the drift (and what it could not judge), and the first standard to
 * break (stress, or any run that broke) with whose limit it was and every process's CPU per
 * second around it: a break while the generator was saturated is not the stack's break point.
 * A stress run that did not break says how far it went and whether the generator could have
 * offered more.
 */
import { formatCount } from '../standards/format.ts';
import type { BreakCpu, BreakingPoint, RunResult, TopLoad } from '../results/run-result.ts';
import { renderTerminal } from '../results/terminal-table.ts';
import { drifting, growthText, notJudged } from './drift.ts';

export function printRunEnd(result: RunResult, opts: { color: boolean; reportPath: string }): void {
  process.stdout.write(renderTerminal(result, { color: opts.color, reportPath: opts.reportPath }) + '\n');
  if (result.scenario === 'soak') process.stdout.write(driftLine(result));
  const first = result.breaking_points?.[0];
  const lines = first ? breakLines(first) : result.scenario === 'stress' && result.top_load ? unbrokenLines(result.top_load) : [];
  process.stdout.write(lines.map((l) => `  ${l}\n`).join(''));
}

/** The first break: the standard, the time, the offered rate, whose limit it was, and each process's CPU per second around it. */
export function breakLines(b: BreakingPoint): string[] {
  const head = `first to break: ${b.standard} at ${b.at_s} s, with ${formatCount(b.order_rate)} orders/s offered`;
  const whose =
    b.limited_by === 'generator'
      ? `: the generator's limit, not the stack's (${generatorCpu(b.cpu ?? [])})`
      : b.limited_by === 'stack'
        ? ": the stack's break point (the generator was not saturated)"
        : '';
  return [head + whose, ...cpuLines(b.cpu ?? [], 'around it')];
}

/** A stress run where nothing broke: how far it went, and whether the generator could have offered more. */
export function unbrokenLines(top: TopLoad): string[] {
  const head = `nothing broke: every standard held up to ${formatCount(top.order_rate)} orders/s offered (the 5 s to ${top.at_s} s)`;
  const why = top.generator_saturated
    ? `; the generator was saturated there (${generatorCpu(top.cpu)}): the run went as far as the generator could, and the stack's break point was not reached`
    : '; the generator was not saturated there: raise STEPS or STEP_RATE to find the break point';
  return [head + why, ...cpuLines(top.cpu, 'at the top')];
}

function generatorCpu(cpu: readonly BreakCpu[]): string {
  const gens = cpu.filter((c) => c.role === 'generator');
  return `generator CPU ${gens.map((g) => `avg ${Math.round(g.avg)}%, max ${Math.round(g.max)}%`).join('; ')} of a core`;
}

/** Each process's CPU per second over a window, in the order kept (generator first). */
function cpuLines(cpu: readonly BreakCpu[], where: string): string[] {
  const span = cpu[0]?.series;
  if (!span || span.length === 0) return [];
  const from = Math.round((span[0]?.t ?? 0) / 1000);
  const to = Math.round((span[span.length - 1]?.t ?? 0) / 1000);
  return [
    `CPU per second ${where} (samples ending ${from}–${to} s, % of one core):`,
    ...cpu.map((c) => `  ${cpuLabel(c, cpu)} ${c.series.map((s) => Math.round(s.v)).join(' ')}  (avg ${Math.round(c.avg)}, max ${Math.round(c.max)})`),
  ];
}

/** A role, with its pid when several processes share it (generator workers). */
function cpuLabel(c: BreakCpu, all: readonly BreakCpu[]): string {
  const label = all.filter((x) => x.role === c.role).length > 1 ? `${c.role} ${c.pid}` : c.role;
  return `${label}:`.padEnd(10);
}
function driftLine(result: RunResult): string {
  const figures = result.drift ?? [];
  const climbing = drifting(figures);
  const unjudged = figures.flatMap((f) => {
    const why = notJudged(f);
    return why === undefined ? [] : [`${f.what} (${why})`];
  });
  const verdict = climbing.length === 0
    ? `  drift: none (heap after GC, event-loop delay and lags flat once warmed up)\n`
    : `  drift: ${climbing.map((f) => `${f.what} +${growthText(f)}`).join('; ')}\n`;
  return unjudged.length === 0 ? verdict : `${verdict}  drift not judged: ${unjudged.join('; ')}\n`;
}
