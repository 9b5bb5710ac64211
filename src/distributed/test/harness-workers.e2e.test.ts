/**
 * `peakday run certify --workers 2` end to end: the harness starts the mock and the stack once,
 * two generator processes each run half of the test, their snapshots merge, and the run goes
 * on exactly as a single-process one (drain, reconcile, judge, write). Certify has one VU, so
 * one worker's half is empty — the merge must still give one iteration and every check.
 *
 * What is tested is the split and the merge, not how fast this machine is: on a busy machine
 * the generators can start late and the harness rightly calls the run untrusted (exit 97).
 * So the verdict may be `pass` or `untrusted` (then only for the generator's own figures, never
 * an interrupted run), and the exit code must be the one that verdict means; no standard fails.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import type { RunResult } from '../../results/run-result.ts';
import { SHARED_MACHINE_STANDARDS } from '../../harness/test/run-peakday.ts';

const BIN = fileURLToPath(new URL('../../../bin/peakday.mjs', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'peakday-workers-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('peakday run <scenario> --workers 2', () => {
  it('certify passes with two generator processes, each watched', async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const c = spawn(process.execPath, [BIN, 'run', 'certify', '--workers', '2', ...SHARED_MACHINE_STANDARDS, '--out-dir', out, '--quiet', '--no-color'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      c.stderr.on('data', (d) => (stderr += d));
      const t = setTimeout(() => c.kill('SIGINT'), 120_000);
      c.on('exit', (code) => {
        clearTimeout(t);
        resolve({ code, stderr });
      });
    });
    expect(r.stderr).toMatch(/generator 0 \(segment 0:1\/2\)/);
    expect(r.stderr).toMatch(/generator 1 \(segment 1\/2:1\)/);
    const [dir] = readdirSync(out);
    expect(dir, r.stderr).toBeDefined();
    const result = JSON.parse(readFileSync(join(out, dir as string, 'summary.json'), 'utf8')) as RunResult;
    expect(result.status, r.stderr).toBe('completed');
    expect(result.standards.filter((s) => s.verdict === 'fail').map((s) => `${s.id}: ${s.detail}`)).toEqual([]);
    expect(['pass', 'untrusted'], result.verdict_reasons.join('\n')).toContain(result.verdict);
    expect(r.code, r.stderr).toBe(result.verdict === 'pass' ? ExitCode.OK : ExitCode.UNTRUSTED);
    // Untrusted only because the generators fell behind: drops, start delay or their CPU.
    for (const reason of result.trust.reasons) expect(reason).toMatch(/dropped|start|CPU|generator/i);
    expect(result.config.workers).toBe(2);
    const gens = result.processes.filter((p) => p.role === 'generator');
    expect(gens).toHaveLength(2);
    expect(new Set(gens.map((g) => g.pid)).size).toBe(2);
    expect(result.generator.iterations).toBe(1);
    expect(result.metrics.checks?.values).toMatchObject({ rate: 1 });
    expect((result.metrics.checks?.values.passes ?? 0) >= 3).toBe(true);
  }, 150_000);
});
