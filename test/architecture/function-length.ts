/**
 * How long each function is, read with the TypeScript compiler's parser.
 *
 * A function is any function declaration, function expression, arrow function, method,
 * constructor or accessor that has a body. Its length is the number of lines from its first
 * token (after any leading comment) to its closing brace, so a nested function counts towards
 * the function that holds it: a 200-line factory returning an object of small methods is one
 * 200-line function to its reader.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { isTestFile } from './import-graph.ts';

/** Functions longer than this are split into named steps. */
export const MAX_FUNCTION_LINES = 100;

/** Top-level folders whose shipped code the limit covers. */
export const LENGTH_ROOTS = ['lib', 'src', 'mocks', 'stack'] as const;

export interface FunctionLength {
  /** Repository-relative, '/'-separated. */
  file: string;
  /** `name`, `Class.method`, `Class.constructor`, or `<anonymous>` when nothing names it. */
  name: string;
  /** 1-based line of the function's first token. */
  line: number;
  lines: number;
}

/** Every function in one source text, outermost first. */
export function functionLengths(file: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionWithBody(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ file, name: nameOf(node), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The functions over `max` lines in the shipped code of `roots` under `root`. */
export function longFunctions(root: string, max = MAX_FUNCTION_LINES, roots: readonly string[] = LENGTH_ROOTS): FunctionLength[] {
  const out: FunctionLength[] = [];
  for (const top of roots) {
    for (const file of sourceFiles(root, join(root, top))) {
      const rel = relative(root, file).split(sep).join('/');
      if (isTestFile(rel)) continue;
      out.push(...functionLengths(rel, readFileSync(file, 'utf8')).filter((f) => f.lines > max));
    }
  }
  return out;
}

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(root, full));
    else if (/\.[cm]?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

type FunctionWithBody = ts.FunctionLikeDeclaration & { body: ts.Node };

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

function nameOf(node: FunctionWithBody): string {
  const own = node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : undefined;
  const owner = classOwner(node);
  if (ts.isConstructorDeclaration(node)) return `${owner}constructor`;
  if (own !== undefined) return `${owner}${own}`;
  // `const f = () => …`, `f: () => …` in an object literal, `x.f = function () …`.
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return `${classOwner(parent)}${parent.name.text}`;
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  return '<anonymous>';
}

/** `Class.` when the node is a member of a named class, else nothing. */
function classOwner(node: ts.Node): string {
  return ts.isClassLike(node.parent) && node.parent.name !== undefined ? `${node.parent.name.text}.` : '';
}
