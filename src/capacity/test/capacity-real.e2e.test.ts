/**
 * One real capacity run, end to end: `peakday capacity` as a child process, one short probe
 * (the mock and the stack started by the harness, ~30 s here), its files checked. The search
 * logic itself is tested on synthetic probes in search.test.ts.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { CapacityAnswer } from '../capacity-answer.ts';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'peakday.mjs');
const CAMPAIGN = join(import.meta.dirname, 'fixtures', 'campaign-1111.json');
const dir = mkdtempSync(join(tmpdir(), 'pd-capacity-real-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('peakday capacity: one probe through the harness writes capacity.json, capacity.html and the probe run', async () => {
  const args = ['capacity', '--campaign', CAMPAIGN, '--start-rate', '5', '--min-rate', '5', '--max-rate', '5', '--max-probes', '1', '--probe-s', '3', '--budget-s', '120', '--drain-timeout', '20', '--out-dir', dir];
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    // SIGTERM on timeout: the harness stops its mock and stack children on the way out.
    execFile(process.execPath, [BIN, ...args], { timeout: 110_000, killSignal: 'SIGTERM', maxBuffer: 16 * 1024 * 1024 }, (err, out, errOut) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: out, stderr: errOut });
    });
  });
  const [run] = readdirSync(dir).filter((d) => d.endsWith('-capacity'));
  expect(run, stderr).toBeDefined();
  const a = JSON.parse(readFileSync(join(dir, run as string, 'capacity.json'), 'utf8')) as CapacityAnswer;
  expect(a.search.probes).toHaveLength(1);
  const p = a.search.probes[0];
  expect(p?.rate).toBe(5);
  expect(['pass', 'fail', 'untrusted']).toContain(p?.verdict);
  expect(existsSync(join(p?.result_dir as string, 'summary.json'))).toBe(true);
  expect(a.campaign_peak_per_s).toBe(20);
  expect(a.answer.join('\n')).toMatch(/headroom/);
  // 5/s cannot meet a 20/s campaign whatever the stack does: exit 1 ("does not fit")
  expect(code, stderr).toBe(1);
  expect(stdout).toMatch(/peakday capacity promo:[\s\S]*does NOT fit[\s\S]*report: .*capacity\.html/);
  const html = readFileSync(join(dir, run as string, 'capacity.html'), 'utf8');
  expect(html).toMatch(/^<!doctype html>[\s\S]*Standards against rate/);
}, 120_000);
