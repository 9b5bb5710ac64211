/**
 * Checks an answer against the bundle's response schema:
 * - ajv validates types (formats int8..int64 are integers of that width);
 * - every field the answer carries must be documented by the schema (the mock invents none);
 * - a string field whose description documents its values (oas-bundle.ts) takes one of them.
 * The bundle marks no response field required, so "required fields present" has nothing to
 * check; the test reports that count from the bundle rather than assuming it.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { documentedValues, type Schema } from './oas-bundle.ts';

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const [name, bits] of [['int8', 8], ['int16', 16], ['int32', 32], ['int64', 64]] as const) {
  const max = 2 ** (bits - 1);
  ajv.addFormat(name, { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -max && n < max });
}
ajv.addFormat('binary', true);

const compiled = new WeakMap<Schema, ValidateFunction>();

/** Every problem of `value` against `schema`, as `path: what` lines (empty when it conforms). */
export function checkAgainst(schema: Schema, value: unknown): string[] {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  const problems: string[] = [];
  if (!validate(value)) for (const e of validate.errors ?? []) problems.push(`${e.instancePath || '/'}: ${e.message}`);
  walk(schema, value, '', problems);
  return problems;
}

function walk(s: Schema, v: unknown, path: string, problems: string[]): void {
  if (Array.isArray(v)) {
    if (s.items) v.forEach((x, i) => walk(s.items as Schema, x, `${path}/${i}`, problems));
    return;
  }
  if (typeof v === 'string') {
    const values = documentedValues(s.description);
    if (values && !values.includes(v)) problems.push(`${path}: ${JSON.stringify(v)} is not a documented value (${values.join('|')})`);
    return;
  }
  if (typeof v !== 'object' || v === null || !s.properties) return;
  for (const [k, x] of Object.entries(v)) {
    const sub = s.properties[k];
    if (sub === undefined) problems.push(`${path}/${k}: not in the schema`);
    else walk(sub, x, `${path}/${k}`, problems);
  }
}

/** Fields the schema marks required anywhere (the bundle marks none today; the count is reported). */
export function countRequired(s: Schema | undefined): number {
  if (!s) return 0;
  let n = s.required?.length ?? 0;
  for (const p of Object.values(s.properties ?? {})) n += countRequired(p);
  return n + countRequired(s.items);
}
