import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serialiseSummary } from '../../results/summary-json.ts';
import { buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import { baselineRuns, listBaselines, updateBaselines } from '../baseline-store.ts';
import { CompareError } from '../compare-errors.ts';
import { readRun } from '../read-runs.ts';
import { FIXTURES } from './recorded.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pd-baseline-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A run folder as the harness writes it: summary.json with series, hdr logs, a report. */
function runFolder(name: string, opts: Parameters<typeof buildRunResult>[0] = {}): string {
  const d = join(dir, 'runs', name);
  mkdirSync(join(d, 'hdr'), { recursive: true });
  const r = buildRunResult({ durationSec: 20, ...opts });
  r.config = { ...r.config, app_secret: 'sk-live-123', note: 'access_token=abc123' };
  writeFileSync(join(d, 'summary.json'), serialiseSummary(r));
  writeFileSync(join(d, 'hdr', 'erp_req_duration.hlog'), '#[peakday]\n');
  writeFileSync(join(d, 'report.html'), '<html></html>');
  return d;
}

describe('baseline store', () => {
  it('copies summary.json (series dropped, secrets masked) and the hdr logs only', () => {
    const run = runFolder('20250101-000000-promo');
    const [stored] = updateBaselines([run], { root: join(dir, 'baselines') });
    expect(stored?.dir).toBe(join(dir, 'baselines', 'promo', '20250101-000000-promo'));
    const files = readdirSync(stored?.dir as string).sort();
    expect(files).toEqual(['hdr', 'summary.json']);
    expect(existsSync(join(stored?.dir as string, 'hdr', 'erp_req_duration.hlog'))).toBe(true);
    const text = readFileSync(join(stored?.dir as string, 'summary.json'), 'utf8');
    expect(text).not.toMatch(/sk-live-123|abc123/);
    const back = readRun(join(stored?.dir as string, 'summary.json')).result;
    expect(Object.values(back.metrics).some((m) => m.series !== undefined)).toBe(false);
    expect(back.processes.every((p) => p.cpu.series.length === 0)).toBe(true);
    expect(back.metrics.erp_req_duration?.hdr).toBeTruthy(); // histograms kept
    expect(text.length).toBeLessThan(readFileSync(join(run, 'summary.json'), 'utf8').length / 2);
  });

  it('replaces the scenario set by default, adds with add, bounds it with keep', () => {
    const root = join(dir, 'baselines');
    updateBaselines([runFolder('20250101-000000-promo'), runFolder('20250102-000000-promo')], { root });
    expect(baselineRuns(root, 'promo')).toHaveLength(2);
    updateBaselines([runFolder('20250103-000000-promo')], { root });
    expect(baselineRuns(root, 'promo').map((d) => d.slice(-21))).toEqual(['20250103-000000-promo']);
    updateBaselines([runFolder('20250104-000000-promo'), runFolder('20250105-000000-promo')], { root, add: true, keep: 2 });
    expect(baselineRuns(root, 'promo').map((d) => d.slice(-21))).toEqual(['20250104-000000-promo', '20250105-000000-promo']);
    updateBaselines([runFolder('20250106-000000-certify', { scenario: 'certify' })], { root });
    expect(Object.keys(listBaselines(root)).sort()).toEqual(['certify', 'promo']);
  });

  it('refuses untrusted or interrupted runs, every one named, unless forced; writes nothing then', () => {
    const root = join(dir, 'baselines');
    const bad1 = runFolder('20250101-000000-promo', { untrusted: true });
    const bad2 = runFolder('20250102-000000-promo', { status: 'interrupted' });
    expect(() => updateBaselines([bad1, bad2], { root })).toThrow(CompareError);
    try {
      updateBaselines([bad1, bad2], { root });
    } catch (err) {
      expect((err as CompareError).code).toBe('PD_CMP_BASELINE_INVALID');
      expect((err as Error).message).toMatch(/20250101-000000-promo: the run is untrusted/);
      expect((err as Error).message).toMatch(/20250102-000000-promo: the run was interrupted/);
    }
    expect(existsSync(root)).toBe(false);
    expect(updateBaselines([bad1], { root, force: true })).toHaveLength(1);
    expect(() => updateBaselines([join(dir, 'nope')], { root })).toThrow(/nope/);
    expect(() => updateBaselines([], { root })).toThrow(/at least one/);
  });

  it('the recorded fixtures read back as runs', () => {
    const copy = join(dir, 'promo');
    cpSync(join(FIXTURES, 'promo'), copy, { recursive: true });
    expect(readdirSync(copy)).toHaveLength(3);
  });
});
