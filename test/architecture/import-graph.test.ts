import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { graphOf, graphProblems, readImportGraph, repositoryProblems, type GraphProblem } from './import-graph.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

/** Problems of an in-memory graph, as `rule: message` lines. */
function problemsOf(files: Record<string, string>): string[] {
  return graphProblems(graphOf(new Map(Object.entries(files)))).map(line);
}
const line = (p: GraphProblem): string => `${p.rule}: ${p.message}`;

describe('import-graph rules over small graphs', () => {
  const cases: { name: string; files: Record<string, string>; problems: string[] }[] = [
    {
      name: 'a graph whose arrows point one way has no problem',
      files: {
        'lib/a.ts': "import { x } from 'node:fs';",
        'src/b/one.ts': "import { a } from '../../lib/a.ts';",
        'src/c/two.ts': "import { one } from '../b/one.ts'; import k from 'undici';",
        'stack/s.ts': "import { a } from '../lib/a.ts';",
        'mocks/m.ts': "import { a } from '../lib/a.ts';",
        'load/promo.ts': "import http from 'k6/http'; import { check } from 'k6'; import { env } from './lib/env.ts';",
        'load/lib/env.ts': '',
      },
      problems: [],
    },
    {
      name: 'two files importing each other are a file loop (and a folder loop above them)',
      files: { 'src/x/a.ts': "import { b } from '../y/b.ts';", 'src/y/b.ts': "import { a } from '../x/a.ts';" },
      problems: [
        'file-cycle: import loop between files: src/x/a.ts -> src/y/b.ts -> src/x/a.ts',
        'folder-cycle: import loop inside src/: src/x -> src/y -> src/x',
      ],
    },
    {
      name: 'files in one folder importing each other are a file loop only',
      files: { 'src/a.ts': "export * from './b.ts';", 'src/b.ts': "import type { A } from './a.ts';" },
      problems: ['file-cycle: import loop between files: src/a.ts -> src/b.ts -> src/a.ts'],
    },
    {
      name: 'a loop of three files names every one',
      files: {
        'src/a.ts': "import './b.ts';",
        'src/b.ts': "import './c.ts';",
        'src/c.ts': "const a = await import('./a.ts');",
      },
      problems: ['file-cycle: import loop between files: src/a.ts -> src/b.ts -> src/c.ts -> src/a.ts (all of: src/a.ts, src/b.ts, src/c.ts)'],
    },
    {
      name: 'folders importing each other through different files are a folder loop with no file loop',
      files: {
        'src/results/result.ts': "import { fmt } from '../report/format.ts';",
        'src/report/format.ts': '',
        'src/report/page.ts': "import type { R } from '../results/types.ts';",
        'src/results/types.ts': '',
      },
      problems: ['folder-cycle: import loop inside src/: src/report -> src/results -> src/report'],
    },
    {
      name: 'a folder loop deep down is found at its own depth',
      files: {
        'src/runtime/executors/base.ts': "import { d } from '../options/duration.ts';",
        'src/runtime/options/duration.ts': '',
        'src/runtime/options/script-options.ts': "import { e } from '../executors/index.ts';",
        'src/runtime/executors/index.ts': '',
      },
      problems: ['folder-cycle: import loop inside src/runtime/: src/runtime/executors -> src/runtime/options -> src/runtime/executors'],
    },
    {
      name: 'a file and the folder beside it importing each other are a loop',
      files: { 'src/engine.ts': "import { m } from './modules/http.ts';", 'src/modules/http.ts': "import type { S } from '../state.ts';", 'src/modules/k6.ts': "import { E } from '../engine.ts';", 'src/state.ts': '' },
      problems: ['folder-cycle: import loop inside src/: src/engine.ts -> src/modules -> src/engine.ts'],
    },
    {
      name: 'lib/ importing the suite, the mock or the stack breaks its layer',
      files: { 'lib/a.ts': "import '../src/b.ts'; import '../mocks/m.ts'; import '../stack/s.ts';", 'src/b.ts': '', 'mocks/m.ts': '', 'stack/s.ts': '' },
      problems: [
        'layer: lib/a.ts imports src/b.ts: lib/ may import only lib/',
        'layer: lib/a.ts imports mocks/m.ts: lib/ may import only lib/',
        'layer: lib/a.ts imports stack/s.ts: lib/ may import only lib/',
      ],
    },
    {
      name: 'the mock and the stack import neither the suite nor each other',
      files: { 'mocks/m.ts': "import '../stack/s.ts';", 'stack/s.ts': "import '../src/c.ts';", 'src/c.ts': '' },
      problems: [
        'layer: mocks/m.ts imports stack/s.ts: mocks/ may import only mocks/, lib/',
        'layer: stack/s.ts imports src/c.ts: stack/ may import only stack/, lib/',
      ],
    },
    {
      name: "the stack's tests may start the mock (the platform stand-in)",
      files: { 'stack/test/pair.ts': "import '../../mocks/server.ts';", 'mocks/server.ts': '' },
      problems: [],
    },
    {
      name: 'load/ imports only k6 and itself',
      files: { 'load/promo.ts': "import { readFileSync } from 'node:fs'; import '../src/x.ts'; import 'k6/metrics';", 'src/x.ts': '' },
      problems: [
        'load-only-k6: load/promo.ts imports src/x.ts: load/ may import only load/ and k6 modules',
        "load-only-k6: load/promo.ts imports 'node:fs': load/ may import only load/ and k6 modules",
      ],
    },
    {
      name: 'shipped code importing a fixture or a test helper is refused; tests importing tests are not',
      files: {
        'src/report/preview.ts': "import { build } from '../results/test/fixtures/build.ts';",
        'src/results/test/fixtures/build.ts': '',
        'src/results/test/junit.test.ts': "import { build } from './fixtures/build.ts';",
      },
      problems: ['test-import: src/report/preview.ts imports src/results/test/fixtures/build.ts, a test file or fixture'],
    },
    {
      name: 'a relative import that resolves to no file is reported, not ignored',
      files: { 'src/a.ts': "import { b } from './missing.ts';" },
      problems: ["unresolved: src/a.ts imports './missing.ts', which is no file"],
    },
    {
      name: 'tests do not count towards loops: they import what they test',
      files: { 'src/a.ts': "import './b/b.ts';", 'src/b/b.ts': '', 'src/b/test/b.test.ts': "import '../../a.ts'; import '../b.ts';" },
      problems: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(problemsOf(c.files)).toEqual(c.problems);
    });
  }
});

describe('import-graph reads a folder from disk', () => {
  it('finds the loop in a fixture tree of real files (type-only imports count)', () => {
    const graph = readImportGraph(join(HERE, 'fixtures', 'looped'), ['lib', 'src']);
    expect(graph.files.get('src/orders/order.ts')).toEqual(['lib/money.ts', 'src/stock/reservation.ts']);
    expect(graph.packages.get('lib/money.ts')).toEqual([]);
    expect(graphProblems(graph).map(line)).toEqual([
      'file-cycle: import loop between files: src/orders/order.ts -> src/stock/reservation.ts -> src/orders/order.ts',
      'folder-cycle: import loop inside src/: src/orders -> src/stock -> src/orders',
    ]);
  });
});

describe('this repository', () => {
  it('has no import loop between files or folders, and every arrow points the way its layer allows', () => {
    const problems = repositoryProblems(ROOT).map(line);
    expect(problems, `run \`npm run check:imports\` to list them:\n${problems.join('\n')}`).toEqual([]);
  });
});
