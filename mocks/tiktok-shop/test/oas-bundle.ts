/**
 * TikTok's OpenAPI 3.0 bundle of the Open API, read at test time from the installed npm package
 * `@tts-open-toolkit/cli` (MIT; a devDependency): the repo keeps no copy of it. Only the modules
 * of the ERP scope are loaded.
 *
 * The bundle marks no response field `required` and declares no `enum`; it documents a field's
 * values in its description instead, as a bullet list of backticked constants. `documentedValues`
 * reads that list (grammar below), so the conformance test can check enums all the same.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const ERP_MODULES = ['authorization', 'seller', 'event', 'product', 'order', 'fulfillment', 'logistics', 'return_refund', 'supply_chain'] as const;

export interface Schema {
  type?: string;
  format?: string;
  description?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
}

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}

export interface Operation {
  method: string;
  path: string;
  module: string;
  parameters: Parameter[];
  body: Schema | undefined;
  /** The 200 answer: the envelope {code, message, request_id, data}. */
  response: Schema | undefined;
}

interface RawOperation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

/** The bundle's folder inside the installed package. */
export function bundleDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@tts-open-toolkit/cli/package.json');
  return join(dirname(pkg), 'skills', 'tts-openapi-guide', 'references', 'oas');
}

/** Every operation of the ERP-scope modules, keyed `METHOD /path`. */
export function loadErpOperations(dir = bundleDir()): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const module of ERP_MODULES) {
    const doc = JSON.parse(readFileSync(join(dir, 'paths', `${module}.json`), 'utf8')) as { paths: Record<string, Record<string, RawOperation>> };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        const method = m.toUpperCase();
        out.set(`${method} ${path}`, {
          method,
          path,
          module,
          parameters: op.parameters ?? [],
          body: op.requestBody?.content?.['application/json']?.schema,
          response: op.responses?.['200']?.content?.['application/json']?.schema,
        });
      }
    }
  }
  return out;
}

/**
 * The values a description documents for a string field.
 *   description = text* (line)*
 *   line        = blanks "-" blanks "`" VALUE "`" rest      one documented value per line
 *   VALUE       = [A-Z] [A-Z0-9_]*
 * Fewer than two such lines means the field has no documented value list (undefined): a lone
 * bullet is an example, not a list.
 */
export function documentedValues(description: string | undefined): string[] | undefined {
  if (description === undefined) return undefined;
  const values = [...description.matchAll(/^[ \t]*-[ \t]*`([A-Z][A-Z0-9_]*)`/gm)].map((m) => m[1] as string);
  return values.length >= 2 ? values : undefined;
}
