import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serialiseSummary } from '../../results/summary-json.ts';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import type { Comparison } from '../comparison.ts';
import type { NightlyEntry } from '../nightly-set.ts';
import { runNightly, type ScenarioRunner } from '../nightly.ts';
import { DEFAULT_TOLERANCES } from '../tolerances.ts';
import { FIXTURES, recorded, withLatencyScaled } from './recorded.ts';

const SET: NightlyEntry[] = [{ name: 'promo-ci', scenario: 'promo', args: ['--scale', '0.1'] }];
const [quiet1] = recorded('promo');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pd-nightly-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A runner standing in for the harness: writes a run folder (summary.json + report.html) and says where. */
function fakeRunner(make: () => ReturnType<typeof withLatencyScaled>, seen: string[][] = []): ScenarioRunner {
  return async (argv) => {
    seen.push(argv);
    const out = argv[argv.indexOf('--out-dir') + 1] as string;
    const d = join(out, `20990101-000000-promo-${seen.length}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'summary.json'), serialiseSummary(make().result));
    writeFileSync(join(d, 'report.html'), '<html><body><main><nav><a href="#standards">Standards</a></nav><section id="standards"></section>\n<footer>peakday</footer></main></body></html>');
    return { exitCode: 0, resultDir: d };
  };
}

function baselines(): string {
  const root = join(dir, 'baselines');
  cpSync(join(FIXTURES, 'promo'), join(root, 'promo'), { recursive: true });
  return root;
}

describe('runNightly', () => {
  it('runs each entry through the runner, compares with the stored baselines, and adds the comparison to the report', async () => {
    const seen: string[][] = [];
    const o = await runNightly({ set: SET, outDir: join(dir, 'out'), baselineRoot: baselines(), tolerances: DEFAULT_TOLERANCES, run: fakeRunner(() => quiet1 as never, seen), log: () => {} });
    expect(seen[0]?.slice(0, 3)).toEqual(['promo', '--scale', '0.1']);
    expect(seen[0]).toEqual(expect.arrayContaining(['--out-dir', join(dir, 'out'), '--quiet']));
    expect(o.exitCode).toBe(ExitCode.OK);
    const e = o.entries[0];
    expect(e).toMatchObject({ name: 'promo-ci', regression: false, verdict: 'pass' });
    const c = JSON.parse(readFileSync(join(e?.result_dir as string, 'comparison.json'), 'utf8')) as Comparison;
    expect(c.baseline_runs.map((b) => basename(b.source))).toHaveLength(3);
    const report = readFileSync(join(e?.result_dir as string, 'report.html'), 'utf8');
    expect(report).toMatch(/<section id="comparison">[\s\S]*No regression[\s\S]*<\/section>\n<footer>/);
    expect(report).toContain('<a href="#comparison">Comparison</a>');
    expect(readFileSync(join(e?.result_dir as string, 'comparison.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*Every figure/);
  });

  it('a regression exits 1 and names what regressed', async () => {
    const run = fakeRunner(() => withLatencyScaled(quiet1 as never, 'inventory_sync_lag', 20));
    const o = await runNightly({ set: SET, outDir: join(dir, 'out'), baselineRoot: baselines(), tolerances: DEFAULT_TOLERANCES, run, log: () => {} });
    expect(o.exitCode).toBe(ExitCode.REGRESSION);
    expect(o.entries[0]?.regressions).toContain('inventory_sync_lag:p99');
    expect(readFileSync(join(o.entries[0]?.result_dir as string, 'report.html'), 'utf8')).toMatch(/REGRESSION/);
  });

  it('no baseline, or no result, exits 2 with the command that fixes it', async () => {
    const lines: string[] = [];
    const o = await runNightly({ set: SET, outDir: join(dir, 'out'), baselineRoot: join(dir, 'empty'), tolerances: DEFAULT_TOLERANCES, run: fakeRunner(() => quiet1 as never), log: (l) => lines.push(l) });
    expect(o.exitCode).toBe(ExitCode.NO_ANSWER);
    expect(o.entries[0]?.error).toMatch(/peakday baseline update/);
    const none = await runNightly({ set: SET, outDir: join(dir, 'out'), baselineRoot: baselines(), tolerances: DEFAULT_TOLERANCES, run: async () => ({ exitCode: 1 }), log: () => {} });
    expect(none.exitCode).toBe(ExitCode.NO_ANSWER);
    expect(none.entries[0]?.error).toMatch(/wrote no result \(exit 1\)/);
  });
});
