import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialiseSummary } from '../../results/summary-json.ts';
import type { Comparison } from '../comparison.ts';
import { FIXTURES, recorded, withLatencyScaled } from './recorded.ts';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'peakday.mjs');
const PROMO = join(FIXTURES, 'promo');
const [q1, , q2] = recorded('promo').map((r) => r.source) as [string, string, string];
let dir: string;
let doubled: string;

function peakday(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 25_000, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pd-compare-cli-'));
  doubled = join(dir, '20990101-000000-promo');
  mkdirSync(doubled);
  writeFileSync(join(doubled, 'summary.json'), serialiseSummary(withLatencyScaled(recorded('promo')[0] as never, 'inventory_sync_lag', 20).result));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('peakday compare (real processes)', () => {
  it('exit codes: 0 same, 1 regression, 2 bad input — with a text table, JSON, and a folder of baselines', async () => {
    const [same, regressed, json, folder, repeated, missing, badFlag, mismatch] = await Promise.all([
      peakday(['compare', q1, q1]),
      peakday(['compare', q1, doubled]),
      peakday(['compare', q1, join(doubled, 'summary.json'), '--json']),
      peakday(['compare', PROMO, doubled]),
      peakday(['compare', '--baseline', q1, '--baseline', q2, q1]),
      peakday(['compare', join(dir, 'nope'), q1]),
      peakday(['compare', q1, q1, '--latency-rel', 'lots', '--bogus']),
      peakday(['compare', q1, join(FIXTURES, 'certify')]),
    ]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/^peakday compare promo: current .* vs 1 baseline run/);
    expect(same.stdout).toMatch(/no regression\n$/);

    expect(regressed.code, regressed.stderr).toBe(1);
    expect(regressed.stdout).toMatch(/✗\s+inventory_sync_lag:p99 .* worse/);
    expect(regressed.stdout).toMatch(/REGRESSION: .*inventory_sync_lag:p99/);

    expect(json.code).toBe(1);
    const c = JSON.parse(json.stdout) as Comparison;
    expect(c.regression).toBe(true);
    expect(c.figures.find((f) => f.id === 'inventory_sync_lag:p99')?.verdict).toBe('worse');

    expect(folder.code).toBe(1);
    expect(folder.stdout).toMatch(/vs 3 baseline runs/);
    expect(repeated.code).toBe(0);
    expect(repeated.stdout).toMatch(/vs 2 baseline runs/);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or folder ".*nope" \[PD_CMP_NO_RUN\]/);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/--latency-rel needs a number, got "lots"/);
    expect(badFlag.stderr).toMatch(/unknown flag --bogus/);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/PD_CMP_SCENARIO_MISMATCH/);
  });

  it('baseline update and list', async () => {
    const root = join(dir, 'baselines');
    const up = await peakday(['baseline', 'update', q1, q2, '--root', root]);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout.match(/^baseline promo: /gm)).toHaveLength(2);
    const list = await peakday(['baseline', 'list', '--root', root]);
    expect(list.stdout).toMatch(/^promo: 2 runs/);
    const bad = await peakday(['baseline', 'frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown action "frobnicate"/);
  });
});
