/**
 * k6's exit codes, by running `peakday run` as a child process on fixture scripts.
 * All runs start together in beforeAll (each is mostly start-up time), then each case checks.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, startTarget, type CliRun, type Target } from './helpers.ts';

let target: Target;
const runs = new Map<string, CliRun>();

beforeAll(async () => {
  target = await startTarget();
  const cases: [string, string[]][] = [
    ['ok', ['basic.ts', '-e', `TARGET=${target.url}`]],
    ['thresholds-fail', ['thresholds-fail.ts']],
    ['abort-on-fail', ['abort-on-fail.ts']],
    ['invalid-options', ['invalid-options.ts']],
    ['init-throw', ['init-throw.ts']],
    ['setup-throw', ['setup-throw.ts']],
    ['test-abort', ['test-abort.ts']],
    ['iteration-throw', ['iteration-throw.ts']],
    ['no-such-script', ['does-not-exist.ts']],
    ['bad-flag', ['basic.ts', '--vus', 'many']],
  ];
  // three at a time: the machine has two cores shared with other test files
  for (let i = 0; i < cases.length; i += 3) {
    await Promise.all(
      cases.slice(i, i + 3).map(async ([name, [file, ...rest]]) => {
        runs.set(name, await runCli(['run', join(FIXTURES, file as string), '--quiet', '--no-color', ...rest]));
      }),
    );
  }
}, 120_000);

afterAll(async () => {
  await target.close();
});

const get = (name: string): CliRun => runs.get(name) as CliRun;

describe('peakday run exit codes', () => {
  it('0 when every threshold passes, with the summary on stdout', () => {
    expect(get('ok').code).toBe(0);
    expect(get('ok').stdout).toContain('http_reqs');
    expect(target.requests.filter((r) => r.url.startsWith('/hello')).length).toBe(6);
  });

  it('99 when a threshold fails, marked in the summary', () => {
    expect(get('thresholds-fail').code).toBe(99);
    expect(get('thresholds-fail').stdout).toMatch(/✗ 'count>5'/);
  });

  it('99 and an early stop when an abortOnFail threshold fails', () => {
    const r = get('abort-on-fail');
    expect(r.code).toBe(99);
    expect(r.stderr).toMatch(/abortOnFail/);
  });

  it('104 for invalid options, naming every problem, before any iteration', () => {
    const r = get('invalid-options');
    expect(r.code).toBe(104);
    expect(r.stderr).toContain('vuz: unknown key (expected one of ');
    expect(r.stderr).toContain('scenarios.a.rate: expected an integer >= 1, got 0');
    expect(r.stderr).toContain('unknown executor "no-such-executor"');
    expect(r.stderr).toContain('failed parsing threshold expression "p(99<300"');
    expect(r.stderr).toContain('no_such_metric');
    expect(r.stderr).not.toContain('must not run');
  });

  it('107 for an init exception, the stack mapped to the .ts source line', () => {
    const r = get('init-throw');
    expect(r.code).toBe(107);
    expect(r.stderr).toContain('init boom: no config');
    expect(r.stderr).toMatch(/fixtures\/init-throw\.ts:8:\d+/);
  });

  it('107 for a setup() exception', () => {
    const r = get('setup-throw');
    expect(r.code).toBe(107);
    expect(r.stderr).toContain('setup boom');
    expect(r.stderr).toMatch(/setup-throw\.ts:3:\d+/);
  });

  it('108 for test.abort(), teardown still run', () => {
    const r = get('test-abort');
    expect(r.code).toBe(108);
    expect(r.stderr).toContain('enough of this');
    expect(r.stderr).toContain('teardown ran');
  });

  it('an iteration that throws is counted and logged rate-limited, not fatal', () => {
    const r = get('iteration-throw');
    expect(r.code).toBe(0);
    const first = r.stderr.split('\n').filter((l) => l.includes('iteration error (scenario s): Error: iteration boom'));
    expect(first.length).toBe(1);
    expect(r.stderr).toMatch(/\(x199 more, 200 in total\)/);
    expect(r.stdout).toMatch(/iterations\.+: 200/);
  });

  it('104 and a clear message for a missing script or a bad flag', () => {
    expect(get('no-such-script').code).toBe(104);
    expect(get('no-such-script').stderr).toContain('no such script');
    expect(get('bad-flag').code).toBe(104);
    expect(get('bad-flag').stderr).toContain('--vus needs a number');
  });
});

