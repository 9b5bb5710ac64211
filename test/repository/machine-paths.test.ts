/**
 * No file the repository holds (`git ls-files`) names a path of a particular machine: a
 * checkout folder, a home, a temporary file, documents outside the repository. The finder's
 * own table comes first, so a finder that stopped finding fails here too.
 */
import { describe, expect, it } from 'vitest';
import { findMachinePaths } from './machine-paths.ts';
import { trackedTextFiles } from './tracked-files.ts';

describe('findMachinePaths', () => {
  const cases: { name: string; text: string; want: string[] }[] = [
    { name: 'a checkout folder in sample output', text: 'report: /srv/ci/peakday/results/x/report.html', want: ['/srv/ci/peakday/results/x/report.html'] },
    { name: 'root home', text: 'see /root/peakday-old/results/a.log', want: ['/root/peakday-old/results/a.log'] },
    { name: 'a user home', text: 'at /home/dev/peakday/src/a.ts:3', want: ['/home/dev/peakday/src/a.ts'] },
    { name: 'a macOS home', text: '(/Users/ann/code/x)', want: ['/Users/ann/code/x'] },
    { name: 'a temporary file of one run', text: 'wrote /tmp/peakday-run-AB12/summary.json', want: ['/tmp/peakday-run-AB12/summary.json'] },
    { name: 'a document beside the repo, elided', text: 'per /…/shared/reference/flows.md', want: ['…/shared/reference/flows.md'] },
    { name: 'a document beside the repo, relative', text: '(../shared/reference/tiktok-shop-api.md)', want: ['../shared/reference/tiktok-shop-api.md'] },
    { name: 'two in one line', text: '/work/a and /tmp/b', want: ['/work/a', '/tmp/b'] },
    { name: 'an API path is no machine path', text: 'POST /api/products/202309/inventory/update', want: [] },
    { name: 'a control path', text: 'GET /__mock/health', want: [] },
    { name: 'a URL whose path starts like a root', text: 'http://127.0.0.1:9000/tmp/x and https://example.com/home/a/b', want: [] },
    { name: 'a relative path containing a root name', text: 'src/tmp/x.ts and ./work/y', want: [] },
    { name: 'system paths every Linux has', text: '/proc/123/environ /etc/fonts/fonts.conf /dev/null /usr/bin/env', want: [] },
    { name: 'a bare root with nothing under it', text: 'extracted to /tmp once', want: [] },
    { name: 'the repository-relative shared folder name alone', text: 'a folder named shared/ is taken', want: [] },
  ];
  for (const c of cases) it(c.name, () => expect(findMachinePaths(c.text)).toEqual(c.want));
});

describe('the repository', () => {
  it('holds no path of the machine it was written on', () => {
    const files = trackedTextFiles();
    expect(files.length).toBeGreaterThan(100);
    const self = new Set(['test/repository/machine-paths.ts', 'test/repository/machine-paths.test.ts']);
    const found: string[] = [];
    for (const f of files) if (!self.has(f.path)) for (const p of findMachinePaths(f.text)) found.push(`${f.path}: ${p}`);
    expect(found).toEqual([]);
  });
});
