/**
 * Requests built from the bundle's schema for one operation: the `example` request carries
 * every documented example (query and body), the `minimal` one only what the call needs. Ids in
 * either come from the running mock (`LiveValues`), since the bundle's example ids name
 * TikTok's data, not the mock's; page tokens are left out (a token the API did not issue is
 * refused, by TikTok and the mock alike).
 */
import type { Operation, Parameter, Schema } from './oas-bundle.ts';

export interface BuiltRequest {
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

/** A value the running mock supplies for a field name; `minimal` fields go into every request. */
export interface LiveValue {
  value: (op: Operation) => unknown;
  minimal: boolean;
}

export type LiveValues = Record<string, LiveValue>;

const SKIP_QUERY = new Set(['shop_cipher', 'page_token', 'app_key', 'sign', 'timestamp']);

/** A value built from a schema's examples (objects from their properties' examples). */
export function exampleOf(s: Schema): unknown {
  if (s.example !== undefined) return s.example;
  if (s.type === 'object' && s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, p]) => [k, exampleOf(p)]).filter(([, v]) => v !== undefined));
  if (s.type === 'array' && s.items) {
    const e = exampleOf(s.items);
    return e === undefined ? undefined : [e];
  }
  return undefined;
}

function queryValue(v: unknown): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

function paramExample(p: Parameter): unknown {
  return p.example ?? p.schema?.example;
}

export function buildRequest(op: Operation, live: LiveValues, pathParams: Record<string, string>, kind: 'example' | 'minimal'): BuiltRequest {
  const path = op.path.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const v = pathParams[name];
    if (v === undefined) throw new Error(`${op.method} ${op.path}: no live value for path param ${name}`);
    return encodeURIComponent(v);
  });
  const query: Record<string, string> = {};
  for (const p of op.parameters) {
    if (p.in !== 'query' || SKIP_QUERY.has(p.name)) continue;
    const l = live[p.name];
    if (l && (kind === 'example' || l.minimal || p.required)) query[p.name] = queryValue(l.value(op));
    else if (p.required || kind === 'example') {
      const e = paramExample(p);
      if (e !== undefined) query[p.name] = queryValue(e);
      else if (p.required) throw new Error(`${op.method} ${op.path}: required query ${p.name} has no example and no live value`);
    }
  }
  if (!op.body) return { path, query, body: undefined };
  const body: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(op.body.properties ?? {})) {
    const l = live[k];
    if (l && (kind === 'example' || l.minimal)) body[k] = l.value(op);
    else if (!l && kind === 'example') {
      const e = exampleOf(s);
      if (e !== undefined) body[k] = e;
    }
  }
  return { path, query, body };
}

/** A value of the wrong type for a schema type (what a schema-checking server must refuse). */
export function wrongTypeFor(type: string | undefined): unknown {
  switch (type) {
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'string':
      return 12345;
    case 'boolean':
      return 'yes';
    case 'array':
      return 'not-a-list';
    case 'object':
      return 'not-an-object';
    default:
      return undefined;
  }
}

/** A query value a typed query param must refuse (strings accept anything, so none). */
export function wrongQueryFor(type: string | undefined): string | undefined {
  if (type === 'integer' || type === 'number') return 'not-a-number';
  if (type === 'boolean') return 'maybe';
  return undefined;
}
