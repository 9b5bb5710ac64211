/**
 * Where a run's files go: `<root>/<YYYYMMDD-HHMMSS>-<scenario>/`, the time being the run's
 * start in UTC (sorts correctly, and means the same on every machine and across DST).
 * The scenario name comes from the user, so it is reduced to [A-Za-z0-9_-] before it becomes
 * a path: no `..`, no slashes, no surprises.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function safeScenarioName(scenario: string): string {
  const s = scenario.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return s === '' ? 'run' : s;
}

export function resultDirName(startedAt: number, scenario: string): string {
  const d = new Date(startedAt);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `${stamp}-${safeScenarioName(scenario)}`;
}

/** Creates the run's directory; a second run in the same second gets `-2`, `-3`, … */
export function createResultDir(root: string, startedAt: number, scenario: string): string {
  mkdirSync(root, { recursive: true });
  const base = resultDirName(startedAt, scenario);
  for (let i = 1; i <= 1000; i++) {
    const dir = join(root, i === 1 ? base : `${base}-${i}`);
    try {
      mkdirSync(dir); // not recursive: fails with EEXIST when taken, so two runs never share one
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`more than 1000 result directories named ${base} in ${root}`);
}
