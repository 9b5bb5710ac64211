/**
 * The loop of `--repeat` with rounds that take no time: which rounds run, what rounds.json says,
 * the exit code, and a stop between rounds. A real round (mock, stack, certify) is the e2e test's.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RepeatPlan } from '../repeat-plan.ts';
import { runRounds, type RoundsOptions } from '../repeat-rounds.ts';
import type { RoundsSummary } from '../rounds-summary.ts';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** Rounds ending with these codes; a round that fails names one failed standard in its summary.json. */
type RunRound = RoundsOptions['runRound'];

function rounds(codes: number[]): RunRound {
  let n = 0;
  return async (outDir) => {
    const code = codes[n++] ?? 0;
    const resultDir = join(outDir, `round-${n}`);
    mkdirSync(resultDir);
    const standards = [{ id: 'erp-api-p99', verdict: code === 0 ? 'pass' : 'fail' }];
    writeFileSync(join(resultDir, 'summary.json'), JSON.stringify({ status: 'completed', verdict: code === 0 ? 'pass' : 'fail', standards }));
    return { exitCode: code, resultDir };
  };
}

async function repeat(plan: Partial<RepeatPlan>, runRound: RunRound, signals = new EventEmitter()) {
  const outRoot = mkdtempSync(join(tmpdir(), 'peakday-rounds-'));
  roots.push(outRoot);
  const printed: string[] = [];
  const outcome = await runRounds({ everyMs: 1000, probeS: 0, keepGoing: false, ...plan }, { outRoot, runRound, log: () => {}, print: (t) => printed.push(t), signals });
  const onDisk = JSON.parse(readFileSync(join(outcome.dir, 'rounds.json'), 'utf8')) as RoundsSummary;
  return { outcome, onDisk, printed: printed.join('') };
}

describe('peakday run certify --repeat, the rounds', () => {
  it('runs count rounds and exits 0 when all pass', async () => {
    const { outcome, onDisk, printed } = await repeat({ count: 2 }, rounds([0, 0]));
    expect(outcome.exitCode).toBe(0);
    expect(onDisk).toEqual(outcome.summary);
    expect(onDisk.rounds.map((r) => [r.round, r.exit_code, r.verdict, r.result_dir])).toEqual([[1, 0, 'pass', 'round-1'], [2, 0, 'pass', 'round-2']]);
    expect(onDisk).toMatchObject({ ended_because: 'count', exit_code: 0, failed_rounds: [] });
    expect(printed).toMatch(/2 rounds, 2 passed, 0 failed; ended: every round asked for ran/);
  });

  it('stops at the first failing round with its exit code', async () => {
    const { outcome, onDisk } = await repeat({ count: 3 }, rounds([0, 99, 0]));
    expect(outcome.exitCode).toBe(99);
    expect(onDisk.rounds).toHaveLength(2);
    expect(onDisk).toMatchObject({ ended_because: 'failure', exit_code: 99, failed_rounds: [2] });
    expect(onDisk.rounds[1]?.failed_standards).toEqual(['erp-api-p99']);
  });

  it('with --keep-going runs every round and exits with the first failure', async () => {
    const { outcome, onDisk, printed } = await repeat({ count: 3, keepGoing: true }, rounds([97, 0, 99]));
    expect(outcome.exitCode).toBe(97);
    expect(onDisk.rounds.map((r) => r.exit_code)).toEqual([97, 0, 99]);
    expect(onDisk).toMatchObject({ ended_because: 'count', failed_rounds: [1, 3] });
    expect(printed).toMatch(/3 rounds, 1 passed, 2 failed/);
  });

  it('a round without results is recorded with its code and no folder', async () => {
    const { onDisk } = await repeat({ count: 1 }, async () => ({ exitCode: 1 }));
    expect(onDisk.rounds).toEqual([expect.objectContaining({ round: 1, exit_code: 1, failed_standards: [] })]);
    expect(onDisk.rounds[0]?.result_dir).toBeUndefined();
  });

  it('SIGTERM between rounds ends the wait: no further round, exit 105', async () => {
    const signals = new EventEmitter();
    const first = rounds([0]);
    // every=1h: after the first round the loop waits; the signal comes during that wait
    const runRound = async (outDir: string) => {
      const r = await first(outDir);
      setTimeout(() => signals.emit('SIGTERM', 'SIGTERM'), 50);
      return r;
    };
    const { outcome, onDisk } = await repeat({ everyMs: 3_600_000, count: 5 }, runRound, signals);
    expect(outcome.exitCode).toBe(105);
    expect(onDisk.rounds).toHaveLength(1);
    expect(onDisk).toMatchObject({ ended_because: 'interrupted', exit_code: 105 });
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('SIGINT during a round: that round is the last', async () => {
    const signals = new EventEmitter();
    const inner = rounds([105]);
    const runRound = async (outDir: string) => {
      signals.emit('SIGINT', 'SIGINT');
      return inner(outDir);
    };
    const { outcome, onDisk } = await repeat({ count: 3, keepGoing: true }, runRound, signals);
    expect(outcome.exitCode).toBe(105);
    expect(onDisk.rounds.map((r) => r.exit_code)).toEqual([105]);
    expect(onDisk.ended_because).toBe('interrupted');
  });
});
