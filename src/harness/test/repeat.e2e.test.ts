/**
 * `peakday run certify --repeat` as a user runs it: rounds of the real certify (mock, reference
 * stack, checks, steady probe), each in its own folder, rounds.json over them, and the exit code
 * of the whole — all rounds passing, a failing round stopping the rest, a SIGTERM between rounds,
 * a SIGINT during one.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { uncompress } from 'snappyjs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeWriteRequest } from '../../live/metrics-out/remote-write.ts';
import type { RunResult } from '../../results/run-result.ts';
import type { RoundsSummary } from '../rounds-summary.ts';
import { runPeakday, SHARED_MACHINE_STANDARDS, type PeakdayRun } from './run-peakday.ts';

const SMALL = ['--skus', '20', '--drain-timeout', '20'];

const runs: PeakdayRun[] = [];
afterAll(() => {
  for (const r of runs) rmSync(r.outDir, { recursive: true, force: true });
});

/** The one repeat folder a run wrote, and its rounds.json. */
function repeatFolder(run: PeakdayRun): { dir: string; summary: RoundsSummary } {
  const dirs = readdirSync(run.outDir);
  expect(dirs, run.stderr).toEqual([expect.stringMatching(/^\d{8}-\d{6}-certify-repeat$/)]);
  const dir = join(run.outDir, dirs[0] as string);
  return { dir, summary: JSON.parse(readFileSync(join(dir, 'rounds.json'), 'utf8')) as RoundsSummary };
}

/** A remote-write receiver on loopback: the `testid` of every final verdict pushed to it, with the verdict. */
async function verdictReceiver(): Promise<{ url: string; verdicts: Map<string, string>; close: () => Promise<void> }> {
  const verdicts = new Map<string, string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      for (const t of decodeWriteRequest(uncompress(new Uint8Array(Buffer.concat(chunks)))).timeseries) {
        const label = (name: string) => t.labels.find((l) => l.name === name)?.value ?? '';
        if (label('__name__') === 'peakday_run_verdict' && t.samples[0]?.value === 1) verdicts.set(label('testid'), label('verdict'));
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`;
  return { url, verdicts, close: () => new Promise((r) => server.close(() => r())) };
}

function roundResult(dir: string, resultDir: string | undefined): RunResult {
  expect(resultDir).toBeDefined();
  const folder = join(dir, resultDir as string);
  for (const f of ['summary.json', 'junit.xml', 'report.html']) expect(existsSync(join(folder, f)), `${resultDir}/${f}`).toBe(true);
  return JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8')) as RunResult;
}

describe('peakday run certify --repeat (end to end)', () => {
  it('runs two rounds of checks and probe, each in its own folder and pushed to --out, and exits 0', async () => {
    const receiver = await verdictReceiver();
    const run = await runPeakday(['certify', '--repeat', 'every=3s,count=2,probe=2s', '--out', `prometheus=${receiver.url}`, ...SMALL, ...SHARED_MACHINE_STANDARDS]).finally(receiver.close);
    runs.push(run);
    const { dir, summary } = repeatFolder(run);
    expect(summary.rounds.map((r) => [r.round, r.exit_code, r.verdict, r.status]), run.stderr.slice(-3000)).toEqual([
      [1, 0, 'pass', 'completed'],
      [2, 0, 'pass', 'completed'],
    ]);
    expect(summary).toMatchObject({ ended_because: 'count', exit_code: 0, failed_rounds: [], count: 2, probe_s: 2 });
    expect(run.exitCode).toBe(0);
    const folders = summary.rounds.map((r) => r.result_dir);
    expect(new Set(folders).size).toBe(2);
    for (const r of summary.rounds) {
      const result = roundResult(dir, r.result_dir);
      // the probe ran beside the checks: the ERP API was measured, so its standard was judged
      const erpCalls = (result.metrics.erp_req_duration?.series ?? []).reduce((n, p) => n + p.count, 0);
      expect(erpCalls).toBeGreaterThan(0);
      expect(result.standards.find((s) => s.id === 'erp-api-p99')?.verdict).toBe('pass');
    }
    expect(run.stdout).toMatch(/2 rounds, 2 passed, 0 failed/);
    // each round exported under its own test id (its folder's name), its verdict in its last push
    expect(Object.fromEntries(receiver.verdicts)).toEqual(Object.fromEntries(folders.map((f) => [f, 'pass'])));
  });

  it('stops at the first failing round, with its exit code (a stack that sends wrong tracking numbers)', async () => {
    const run = await runPeakday(['certify', '--repeat', 'every=2s,count=2,probe=0', ...SMALL], { PEAKDAY_STACK_DEFECTS: 'wrong-tracking' });
    runs.push(run);
    const { dir, summary } = repeatFolder(run);
    expect(summary.rounds, run.stderr.slice(-3000)).toHaveLength(1);
    expect(summary).toMatchObject({ ended_because: 'failure', exit_code: 99, failed_rounds: [1] });
    expect(summary.rounds[0]?.failed_standards).toContain('tracking-as-issued');
    expect(roundResult(dir, summary.rounds[0]?.result_dir).verdict).toBe('fail');
    expect(run.exitCode).toBe(99);
  });

  it('SIGTERM while waiting for the next round ends it at once: exit 105, the rounds so far summarised', async () => {
    let signalled = false;
    const run = await runPeakday(['certify', '--repeat', 'every=10m,count=3,probe=0', ...SMALL], {}, 120_000, (text, child) => {
      if (!signalled && text.includes('peakday: round 2 at')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    runs.push(run);
    const { summary } = repeatFolder(run);
    expect(signalled, run.stderr.slice(-3000)).toBe(true);
    expect(summary.rounds.map((r) => r.exit_code)).toEqual([0]);
    expect(summary).toMatchObject({ ended_because: 'interrupted', exit_code: 105 });
    expect(run.exitCode).toBe(105);
  });

  it('SIGINT during a round ends that round with what it measured and starts no other: exit 105', async () => {
    let signalled = false;
    const run = await runPeakday(['certify', '--repeat', 'every=1m,count=3,probe=8s', ...SMALL], {}, 120_000, (text, child) => {
      // once the services are seeded the round's load is due; the probe keeps it going for 8 s
      if (!signalled && text.includes('peakday: seeding')) {
        signalled = true;
        setTimeout(() => child.kill('SIGINT'), 2000);
      }
    });
    runs.push(run);
    const { dir, summary } = repeatFolder(run);
    expect(signalled, run.stderr.slice(-3000)).toBe(true);
    expect(summary.rounds.map((r) => r.exit_code)).toEqual([105]);
    expect(summary).toMatchObject({ ended_because: 'interrupted', exit_code: 105 });
    // a signal that beat the load leaves no result (nothing was measured); one during it, an interrupted result
    const round = summary.rounds[0];
    if (round?.result_dir !== undefined) expect(roundResult(dir, round.result_dir).status).toBe('interrupted');
    expect(run.exitCode).toBe(105);
  });
});
