/**
 * A family's routes as data; server.ts puts them in the generic router.
 *
 * TikTok versions its Open API per endpoint: a path exists only at the versions TikTok
 * published for it (`/product/202502/products/search` exists, `/product/202401/products/search`
 * does not). So an endpoint here is a method, a path template whose second segment is
 * `{version}`, and one definition per published version. `expand` turns each (endpoint,
 * version) into one concrete route, so the router matches versions as plain literals: the hot
 * path pays nothing for versioning, and a version TikTok never published is simply a path that
 * does not exist (36009009 "Invalid path"), which is what TikTok answers for an unknown path.
 */
import type { RouteDef } from '../platform.ts';

/** Unversioned routes (token endpoints, the control API): [method, pattern, definition]. */
export type RouteTable = readonly (readonly [method: string, pattern: string, def: RouteDef])[];

export interface Endpoint {
  readonly method: string;
  /** `/family/{version}/rest…`, e.g. `/product/{version}/products/search`. */
  readonly path: string;
  /** Published version -> its definition (request validation and response shape). */
  readonly versions: Readonly<Record<string, RouteDef>>;
  /** What platform state the endpoint reads or changes (the README's coverage table). */
  readonly state: string;
}

export type EndpointTable = readonly Endpoint[];

const VERSION = /^\d{6}$/;

/** An endpoint whose versions share one definition. */
export function at(method: string, path: string, versions: readonly string[], state: string, handle: RouteDef['handle']): Endpoint {
  return { method, path, state, versions: Object.fromEntries(versions.map((v) => [v, { kind: 'api', handle }])) };
}

/** An endpoint whose definition depends on the version (`make(v)` is called once per version). */
export function perVersion(method: string, path: string, versions: readonly string[], state: string, make: (v: string) => RouteDef['handle']): Endpoint {
  return { method, path, state, versions: Object.fromEntries(versions.map((v) => [v, { kind: 'api', handle: make(v) }])) };
}

/** One concrete route per (endpoint, version); throws on a malformed template or version. */
export function expand(table: EndpointTable): RouteTable {
  const out: [string, string, RouteDef][] = [];
  for (const e of table) {
    const segs = e.path.split('/');
    if (segs[2] !== '{version}') throw new Error(`route table: ${e.path} has no {version} as its second segment`);
    for (const [v, def] of Object.entries(e.versions)) {
      if (!VERSION.test(v)) throw new Error(`route table: ${e.method} ${e.path}: bad version "${v}"`);
      out.push([e.method, e.path.replace('{version}', v), def]);
    }
  }
  return out;
}

/** Unix seconds of a ms instant (TikTok's API speaks seconds; the control API milliseconds). */
export const sec = (ms: number): number => Math.floor(ms / 1000);

