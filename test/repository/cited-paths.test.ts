/**
 * Every path a Markdown document of the repository cites in backticks exists, from the
 * repository's root or from the document's own folder: a README that names a file moved or
 * renamed since is caught here. The finder's own table comes first.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { citedPaths } from './cited-paths.ts';
import { ROOT, trackedTextFiles } from './tracked-files.ts';

describe('citedPaths', () => {
  const cases: { name: string; md: string; want: string[] }[] = [
    { name: 'a file from the root', md: 'see `src/harness/drain.ts` for it', want: ['src/harness/drain.ts'] },
    { name: 'a folder from the root', md: 'under `lib/http/`', want: ['lib/http/'] },
    { name: 'each path once', md: '`lib/a.ts` and `lib/a.ts`', want: ['lib/a.ts'] },
    { name: 'a bare file name depends on its sentence', md: '`drain.ts`', want: [] },
    { name: 'a URL path', md: '`GET /__mock/health` and `/stock/changes`', want: [] },
    { name: 'a placeholder', md: '`results/<time>-promo/` and `load/<name>.ts` and `lib/*.ts`', want: [] },
    { name: 'generated folders', md: '`dist/k6/promo.js` and `results/baselines/`', want: [] },
    { name: 'a command', md: '`npx vitest run src/report`', want: [] },
    { name: 'a folder path without a trailing slash or extension is no file', md: '`src/harness`', want: [] },
    { name: 'inside a fenced block', md: '```sh\nls `src/x.ts`\n```\n', want: [] },
  ];
  for (const c of cases) it(c.name, () => expect(citedPaths(c.md)).toEqual(c.want));
});

describe('the repository\'s documents', () => {
  it('cite only paths that exist', () => {
    const docs = trackedTextFiles('*.md');
    expect(docs.length).toBeGreaterThan(10);
    const missing: string[] = [];
    let cited = 0;
    for (const doc of docs) {
      for (const p of citedPaths(doc.text)) {
        cited++;
        if (!existsSync(join(ROOT, p)) && !existsSync(join(ROOT, dirname(doc.path), p))) missing.push(`${doc.path}: ${p}`);
      }
    }
    expect(cited).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });
});
