import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { functionLengths, longFunctions, MAX_FUNCTION_LINES } from './function-length.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `n` statements, one per line. */
const body = (n: number): string => Array.from({ length: n }, (_, i) => `  step(${i});`).join('\n');

describe('functionLengths', () => {
  const cases: { name: string; source: string; found: { name: string; line: number; lines: number }[] }[] = [
    {
      name: 'a function declaration counts from its first line to its closing brace',
      source: `// a comment above is not counted\nexport function f(): void {\n${body(3)}\n}\n`,
      found: [{ name: 'f', line: 2, lines: 5 }],
    },
    {
      name: 'an arrow is named by its variable, a method by its class',
      source: `const g = (): void => {\n${body(1)}\n};\nclass Engine {\n  constructor() {}\n  run(): void {\n${body(2)}\n  }\n  get size(): number { return 1; }\n}\n`,
      found: [
        { name: 'g', line: 1, lines: 3 },
        { name: 'Engine.constructor', line: 5, lines: 1 },
        { name: 'Engine.run', line: 6, lines: 4 },
        { name: 'Engine.size', line: 10, lines: 1 },
      ],
    },
    {
      name: 'a nested function counts towards the function that holds it, and for itself',
      source: `function factory() {\n  return {\n    get: () => {\n${body(2)}\n    },\n    post() { return 1; },\n  };\n}\n`,
      found: [
        { name: 'factory', line: 1, lines: 9 },
        { name: 'get', line: 3, lines: 4 },
        { name: 'post', line: 7, lines: 1 },
      ],
    },
    {
      name: 'a class property holding an arrow, an assigned function expression, an anonymous callback',
      source: `class A {\n  handler = () => 1;\n}\nexports.h = function () {\n  return 2;\n};\n[1].map((x) => x);\n`,
      found: [
        { name: 'A.handler', line: 2, lines: 1 },
        { name: 'h', line: 4, lines: 3 },
        { name: '<anonymous>', line: 7, lines: 1 },
      ],
    },
    {
      name: 'declarations without a body are not functions',
      source: `declare function d(): void;\ninterface I { m(): void }\nabstract class B { abstract m(): void }\n`,
      found: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(functionLengths('x.ts', c.source).map(({ name, line, lines }) => ({ name, line, lines }))).toEqual(c.found);
    });
  }

  it(`the limit: ${MAX_FUNCTION_LINES} lines pass, ${MAX_FUNCTION_LINES + 1} do not`, () => {
    const at = (n: number): number => functionLengths('x.ts', `function f() {\n${body(n - 2)}\n}\n`)[0]!.lines;
    expect(at(MAX_FUNCTION_LINES)).toBe(MAX_FUNCTION_LINES);
    expect(at(MAX_FUNCTION_LINES + 1)).toBeGreaterThan(MAX_FUNCTION_LINES);
  });
});

describe('this repository', () => {
  it(`has no function over ${MAX_FUNCTION_LINES} lines in lib/, src/, mocks/, stack/ (tests aside)`, () => {
    const long = longFunctions(ROOT).map((f) => `${f.file}:${f.line} ${f.name} is ${f.lines} lines`);
    expect(long, `split these into named steps a reader can follow:\n${long.join('\n')}`).toEqual([]);
  });
});
