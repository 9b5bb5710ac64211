/** `peakday mock` flags -> options: problems named by the flag the user typed (in-process, no child). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { optionsFromArgs } from '../cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

function problemsOf(argv: string[]): string[] {
  const r = optionsFromArgs(argv);
  if (r.exit !== undefined) throw new Error(`exited ${r.exit}`);
  return r.problems;
}

describe('optionsFromArgs', () => {
  const cases: { name: string; argv: string[]; problems: RegExp[] }[] = [
    { name: 'valid flags', argv: ['--app-key', 'pinnedkey', '--shops', '2'], problems: [] },
    { name: 'a bad app key names --app-key', argv: ['--app-key', 'a b'], problems: [/^--app-key: expected 4-128 letters/] },
    { name: 'a bad access token names --access-token', argv: ['--access-token', 'x'], problems: [/^--access-token: expected 4-128/] },
    {
      name: 'every credential problem at once, each by its flag',
      argv: ['--app-key', '!', '--app-secret', '?'],
      problems: [/^--app-key: /, /^--app-secret: /],
    },
    { name: 'a sellers file', argv: ['--sellers', fixture('sellers-two.json')], problems: [] },
    {
      name: 'every problem of a sellers file, named by the file',
      argv: ['--sellers', fixture('sellers-bad.json')],
      problems: [/^--sellers \S+sellers-bad\.json: sellers\[0\]\.shops\[0\]: expected US\|GB/, /^--sellers \S+sellers-bad\.json: sellers\[1\]/],
    },
    { name: 'sellers and --shops together', argv: ['--shops', '2', '--sellers', fixture('sellers-two.json')], problems: [/^--sellers \S+: sellers: give either shops \(one seller\) or sellers/] },
    { name: 'a sellers file that is not there', argv: ['--sellers', fixture('none.json')], problems: [/^--sellers \S+none\.json: ENOENT/] },
    { name: 'a negative rate limit is a value, refused by range', argv: ['--rate-limit-qps', '-1'], problems: [/^flag --rate-limit-qps must be >= 0\.001, got -1$/] },
    { name: 'a token lifetime of 0 s is refused by range', argv: ['--access-token-s', '0'], problems: [/^flag --access-token-s must be >= 1, got 0$/] },
  ];
  for (const c of cases)
    it(c.name, () => {
      const got = problemsOf(c.argv);
      expect(got).toHaveLength(c.problems.length);
      c.problems.forEach((re, i) => expect(got[i]).toMatch(re));
      for (const p of got) expect(p).not.toMatch(/option |appKey|appSecret|accessToken/);
    });
});

describe('--access-token-s', () => {
  it('sets the access token lifetime, and only that one', () => {
    const r = optionsFromArgs(['--access-token-s', '20']);
    if (r.exit !== undefined) throw new Error(`exited ${r.exit}`);
    expect(r.problems).toEqual([]);
    expect(r.options.tokenLifetimes).toEqual({ accessTokenS: 20 });
  });
});
