/** The text files git tracks in this repository (binary files and files absent from the checkout left out). */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Path (from the root) and text of each tracked file matching the git pathspecs, e.g. `*.md`. */
export function trackedTextFiles(...pathspecs: string[]): { path: string; text: string }[] {
  const paths = execFileSync('git', ['ls-files', '-z', ...pathspecs], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  const out: { path: string; text: string }[] = [];
  for (const path of paths) {
    if (!existsSync(join(ROOT, path))) continue; // deleted in this checkout, not yet committed
    const text = readFileSync(join(ROOT, path), 'utf8');
    if (!text.includes('\0')) out.push({ path, text });
  }
  return out;
}
