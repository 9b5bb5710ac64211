/**
 * `npm run check:imports`: prints every problem of the repository's import graph (loops
 * between files or folders, arrows against a layer, load/ reaching past k6, shipped code
 * importing tests) and exits 1 when there is one. The same rules run in `npm test`
 * (import-graph.test.ts); this prints them all at once, one per line.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repositoryProblems } from './import-graph.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const problems = repositoryProblems(root);
for (const p of problems) process.stdout.write(`${p.rule}: ${p.message}\n`);
process.stdout.write(problems.length === 0 ? 'import graph: no problems\n' : `import graph: ${problems.length} problem(s)\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
