/**
 * The repository's import graph and the rules its arrows must follow.
 *
 * Files are read with the TypeScript compiler's own pre-processor (`ts.preProcessFile`), which
 * lists every module specifier a file names: static imports and re-exports, `import type`,
 * dynamic `import()` and `require()`. Type-only imports count: they are part of the structure a
 * reader follows even though the runtime erases them.
 *
 * Rules (see the README's folder map for why each exists):
 * - no cycle between files, and none between folders at any depth: inside every folder, its
 *   children (files and sub-folders) import each other one way only;
 * - lib/ imports nothing from src/, mocks/, stack/ (nor from load/, bench/, bin/);
 * - mocks/ and stack/ import nothing from src/ and not each other;
 * - load/ imports only k6 modules and load/ (it runs inside k6, not Node);
 * - no non-test file imports a test file or a fixture.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** Top-level folders whose code the graph covers (tests inside them included). */
export const SOURCE_ROOTS = ['lib', 'src', 'mocks', 'stack', 'load', 'bench', 'test'] as const;

/** Repository-relative, '/'-separated path of a file -> the files and packages it imports. */
export interface ImportGraph {
  /** file -> repository-relative files it imports (resolved, existing files only). */
  files: Map<string, string[]>;
  /** file -> bare specifiers it imports (packages, node: builtins, k6 modules). */
  packages: Map<string, string[]>;
  /** file -> relative specifiers that resolve to no file (reported as a problem). */
  unresolved: Map<string, string[]>;
}

export interface GraphProblem {
  rule: 'file-cycle' | 'folder-cycle' | 'layer' | 'load-only-k6' | 'test-import' | 'unresolved';
  message: string;
}

const CODE_FILE = /\.(ts|mts|cts|mjs|js)$/;

/** Walks the given top-level folders of `root` and reads each code file's imports. */
export function readImportGraph(root: string, roots: readonly string[] = SOURCE_ROOTS): ImportGraph {
  const sources = new Map<string, string>();
  for (const top of roots) {
    const dir = join(root, top);
    if (existsSync(dir)) collectFiles(root, dir, sources);
  }
  return graphOf(sources, (rel) => existsSync(join(root, rel)) && statSync(join(root, rel)).isFile());
}

/**
 * Builds the graph from in-memory sources (path -> text); `exists` answers whether a resolved
 * candidate path is a file. Used directly by the table test with a small fixture graph.
 */
export function graphOf(sources: Map<string, string>, exists: (rel: string) => boolean = (rel) => sources.has(rel)): ImportGraph {
  const graph: ImportGraph = { files: new Map(), packages: new Map(), unresolved: new Map() };
  for (const [file, text] of sources) {
    const info = ts.preProcessFile(text, true, true);
    const files: string[] = [];
    const packages: string[] = [];
    const unresolved: string[] = [];
    for (const { fileName: spec } of info.importedFiles) {
      if (!spec.startsWith('.')) {
        packages.push(spec);
        continue;
      }
      const target = resolveRelative(file, spec, exists);
      if (target === undefined) unresolved.push(spec);
      else if (!files.includes(target)) files.push(target);
    }
    graph.files.set(file, files);
    graph.packages.set(file, packages);
    if (unresolved.length > 0) graph.unresolved.set(file, unresolved);
  }
  return graph;
}

function collectFiles(root: string, dir: string, out: Map<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) collectFiles(root, full, out);
    else if (CODE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.set(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  }
}

function resolveRelative(from: string, spec: string, exists: (rel: string) => boolean): string | undefined {
  const base = join(dirname(from), spec).split(sep).join('/');
  const candidates = [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')];
  return candidates.find((c) => !c.startsWith('..') && exists(c));
}

/** A test file: a `*.test.ts`, or anything under a `test/` or `fixtures/` folder. */
export function isTestFile(file: string): boolean {
  const parts = file.split('/');
  return /\.test\.[cm]?[jt]s$/.test(file) || parts.slice(0, -1).some((p) => p === 'test' || p === 'fixtures');
}

/** Every problem of the graph against the rules above, in a stable order. */
export function graphProblems(graph: ImportGraph): GraphProblem[] {
  return [
    ...unresolvedProblems(graph),
    ...fileCycles(graph),
    ...folderCycles(graph),
    ...layerProblems(graph),
    ...loadProblems(graph),
    ...testImportProblems(graph),
  ];
}

function unresolvedProblems(graph: ImportGraph): GraphProblem[] {
  const out: GraphProblem[] = [];
  for (const [file, specs] of graph.unresolved) {
    for (const spec of specs) out.push({ rule: 'unresolved', message: `${file} imports '${spec}', which is no file` });
  }
  return out;
}

/** Each strongly connected component of more than one file is one loop. */
function fileCycles(graph: ImportGraph): GraphProblem[] {
  const edges = shippedEdges(graph);
  return stronglyConnected(edges)
    .filter((c) => c.length > 1 || (edges.get(c[0]!) ?? []).includes(c[0]!))
    .map((c) => ({ rule: 'file-cycle' as const, message: `import loop between files: ${describeLoop(c, edges)}${others(c)}` }));
}

/**
 * The edges between non-test files. Tests import whatever they test, from anywhere, and nothing
 * shipped may import them (a rule of its own), so they cannot close a loop of shipped code; left
 * in, a `test/` folder would look like a folder in the middle of every loop it tests.
 */
function shippedEdges(graph: ImportGraph): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const [from, targets] of graph.files) {
    if (!isTestFile(from)) edges.set(from, targets.filter((to) => !isTestFile(to)));
  }
  return edges;
}

/** The rest of a loop's members, when the loop shown does not pass through all of them. */
function others(component: string[]): string {
  return component.length > 2 ? ` (all of: ${component.join(', ')})` : '';
}

/**
 * Inside every folder, its children (files and sub-folders) form a graph: child A -> child B when
 * a file at or under A imports a file at or under B. Any loop there is a loop between folders
 * (or between a folder and a file beside it) at that depth.
 */
function folderCycles(graph: ImportGraph): GraphProblem[] {
  const byParent = new Map<string, Map<string, string[]>>();
  for (const [from, targets] of shippedEdges(graph)) {
    for (const to of targets) {
      const [parent, a, b] = siblingsUnderCommonFolder(from, to);
      if (a === b) continue;
      const edges = byParent.get(parent) ?? new Map<string, string[]>();
      byParent.set(parent, edges);
      const list = edges.get(a) ?? [];
      if (!list.includes(b)) list.push(b);
      edges.set(a, list);
      if (!edges.has(b)) edges.set(b, []);
    }
  }
  const out: GraphProblem[] = [];
  for (const [parent, edges] of [...byParent].sort(([x], [y]) => x.localeCompare(y))) {
    for (const component of stronglyConnected(edges).filter((c) => c.length > 1)) {
      // A loop made only of files is already reported as a file loop.
      if (component.every((child) => !isFolderChild(child, graph))) continue;
      const where = parent === '' ? 'the repository root' : `${parent}/`;
      out.push({ rule: 'folder-cycle', message: `import loop inside ${where}: ${describeLoop(component, edges)}${others(component)}` });
    }
  }
  return out;
}

function isFolderChild(child: string, graph: ImportGraph): boolean {
  return !graph.files.has(child);
}

/** For a -> b: their deepest common folder and the child of it that holds each. */
function siblingsUnderCommonFolder(a: string, b: string): [string, string, string] {
  const pa = a.split('/');
  const pb = b.split('/');
  let i = 0;
  while (i < pa.length - 1 && i < pb.length - 1 && pa[i] === pb[i]) i += 1;
  const parent = pa.slice(0, i).join('/');
  const prefix = parent === '' ? '' : `${parent}/`;
  return [parent, prefix + pa[i]!, prefix + pb[i]!];
}

/**
 * Which top-level folders each top-level folder's shipped code may import (itself always
 * allowed). Tests are exempt: the stack's tests run against the mock, the platform stand-in.
 */
const LAYERS: Record<string, readonly string[]> = {
  lib: [],
  mocks: ['lib'],
  stack: ['lib'],
};

function layerProblems(graph: ImportGraph): GraphProblem[] {
  const out: GraphProblem[] = [];
  for (const [from, targets] of shippedEdges(graph)) {
    const top = from.split('/')[0]!;
    const allowed = LAYERS[top];
    if (allowed === undefined) continue;
    for (const to of targets) {
      const toTop = to.split('/')[0]!;
      if (toTop !== top && !allowed.includes(toTop)) {
        out.push({ rule: 'layer', message: `${from} imports ${to}: ${top}/ may import only ${[top, ...allowed].map((t) => `${t}/`).join(', ')}` });
      }
    }
  }
  return out;
}

/** load/ runs inside k6: its only modules are k6's own and its own files. */
function loadProblems(graph: ImportGraph): GraphProblem[] {
  const out: GraphProblem[] = [];
  for (const [from, targets] of graph.files) {
    if (!from.startsWith('load/')) continue;
    for (const to of targets) {
      if (!to.startsWith('load/')) out.push({ rule: 'load-only-k6', message: `${from} imports ${to}: load/ may import only load/ and k6 modules` });
    }
    for (const spec of graph.packages.get(from) ?? []) {
      if (spec !== 'k6' && !spec.startsWith('k6/')) {
        out.push({ rule: 'load-only-k6', message: `${from} imports '${spec}': load/ may import only load/ and k6 modules` });
      }
    }
  }
  return out;
}

function testImportProblems(graph: ImportGraph): GraphProblem[] {
  const out: GraphProblem[] = [];
  for (const [from, targets] of graph.files) {
    if (isTestFile(from)) continue;
    for (const to of targets) {
      if (isTestFile(to)) out.push({ rule: 'test-import', message: `${from} imports ${to}, a test file or fixture` });
    }
  }
  return out;
}

/** Tarjan's algorithm; recursion depth is bounded by the longest import chain, a few dozen here. */
function stronglyConnected(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!indexOf.has(v)) visit(v);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** One concrete loop through the component, as `a -> b -> a`, so a reader can follow it. */
function describeLoop(component: string[], edges: Map<string, string[]>): string {
  const members = new Set(component);
  const start = component[0]!;
  // Breadth-first from start back to start, staying inside the component.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start].join(' -> ');
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return component.join(' <-> ');
}

/** The problems of the repository at `root`, read from disk. */
export function repositoryProblems(root: string): GraphProblem[] {
  return graphProblems(readImportGraph(root));
}
