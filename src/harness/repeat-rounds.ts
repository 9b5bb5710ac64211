/**
 * `peakday run certify --repeat …`: certify in rounds on a schedule, between campaigns. Each
 * round is a whole `peakday run certify` (its checks and its steady probe, judged, exported to
 * the `--out` outputs under its own test id, written to its own folder); the rounds share one
 * folder, `<out-dir>/<time>-certify-repeat/`, with `rounds.json` summarising them.
 *
 * The first failing round ends the rounds with its exit code, unless `--keep-going`: then every
 * round runs, each failure is reported, and the exit code is the first failing round's. SIGINT or
 * SIGTERM during a round stops that round's load and writes what it measured (the round's own
 * interruption, run-interruption.ts); between rounds it ends the wait. Either way no further
 * round starts, the summary is written, and the exit code is 105.
 */
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { createResultDir } from '../results/result-dir.ts';
import type { RepeatPlan } from './repeat-plan.ts';
import { endReason, nextRound } from './repeat-schedule.ts';
import { addRound, formatSummary, newSummary, roundRecord, writeSummary, type RoundsSummary } from './rounds-summary.ts';

type Log = (line: string) => void;

export interface RoundsOptions {
  /** Where the repeat folder goes (`--out-dir`). */
  outRoot: string;
  /** One round, writing its result folder under `outDir`. */
  runRound: (outDir: string) => Promise<{ exitCode: number; resultDir?: string }>;
  log: Log;
  /** stdout: the table of rounds at the end. */
  print: (text: string) => void;
  /** Where SIGINT and SIGTERM come from: the process (the default), or a test's emitter. */
  signals?: SignalSource;
}

type SignalSource = Pick<NodeJS.EventEmitter, 'on' | 'off'>;

export interface RoundsOutcome {
  exitCode: number;
  dir: string;
  summary: RoundsSummary;
}

/** A stop asked from outside: ends the wait between rounds at once, and no round starts after it. */
class StopRequest {
  requested = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly log: Log,
    private readonly signals: SignalSource,
  ) {
    signals.on('SIGINT', this.onSignal);
    signals.on('SIGTERM', this.onSignal);
  }

  close(): void {
    this.signals.off('SIGINT', this.onSignal);
    this.signals.off('SIGTERM', this.onSignal);
  }

  /** Waits `ms`, or less if a stop is asked meanwhile. */
  wait(ms: number): Promise<void> {
    if (this.requested || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private readonly onSignal = (sig: NodeJS.Signals): void => {
    if (this.requested) return;
    this.requested = true;
    this.log(`peakday run: ${sig}: no further round will start`);
    this.wake?.();
  };
}

export async function runRounds(plan: RepeatPlan, opts: RoundsOptions): Promise<RoundsOutcome> {
  const startedAt = Date.now();
  const dir = createResultDir(opts.outRoot, startedAt, 'certify-repeat');
  const summary = newSummary(plan, startedAt);
  writeSummary(dir, summary);
  const stop = new StopRequest(opts.log, opts.signals ?? process);
  opts.log(`peakday: certify every ${plan.everyMs / 1000} s${plan.count !== undefined ? `, ${plan.count} rounds at most` : ''}${plan.untilMs !== undefined ? `, until ${new Date(plan.untilMs).toISOString()}` : ''}; results in ${dir}`);
  try {
    summary.ended_because = await roundsUntilEnd(plan, startedAt, dir, summary, stop, opts);
  } finally {
    stop.close();
  }
  summary.ended_at = new Date().toISOString();
  summary.exit_code = summary.ended_because === 'interrupted' ? ExitCode.EXTERNAL_ABORT : (summary.rounds.find((r) => r.exit_code !== 0)?.exit_code ?? ExitCode.OK);
  writeSummary(dir, summary);
  opts.print(formatSummary(summary, dir));
  return { exitCode: summary.exit_code, dir, summary };
}

async function roundsUntilEnd(plan: RepeatPlan, startedAt: number, dir: string, summary: RoundsSummary, stop: StopRequest, opts: RoundsOptions): Promise<NonNullable<RoundsSummary['ended_because']>> {
  let lastSlot = -1;
  for (let round = 1; ; round++) {
    const next = nextRound(plan, startedAt, lastSlot, Date.now());
    const ended = endReason(plan, round - 1, next.at);
    if (ended) return ended;
    if (next.skipped > 0) opts.log(`peakday: round ${round - 1} overran ${next.skipped} slot${next.skipped === 1 ? '' : 's'}; round ${round} takes the next one`);
    if (next.at > Date.now()) opts.log(`peakday: round ${round} at ${new Date(next.at).toISOString()}`);
    await stop.wait(next.at - Date.now());
    if (stop.requested) return 'interrupted';
    lastSlot = next.slot;
    opts.log(`peakday: round ${round}${plan.count !== undefined ? ` of ${plan.count}` : ''}`);
    const roundStart = Date.now();
    const outcome = await opts.runRound(dir);
    const record = roundRecord(round, roundStart, Date.now(), outcome.exitCode, dir, outcome.resultDir);
    addRound(summary, record);
    writeSummary(dir, summary);
    if (stop.requested) return 'interrupted';
    if (record.exit_code !== 0) {
      const what = record.failed_standards.length > 0 ? `failed: ${record.failed_standards.join(', ')}` : `verdict ${record.verdict ?? 'none (nothing measured)'}`;
      opts.log(`peakday: round ${round} failed (exit ${record.exit_code}; ${what})${plan.keepGoing ? '; going on (--keep-going)' : ''}`);
      if (!plan.keepGoing) return 'failure';
    }
  }
}
