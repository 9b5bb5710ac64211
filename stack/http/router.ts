/**
 * A small method + path-pattern router for the ERP API.
 *
 * Pattern grammar:
 *   pattern = ("/" segment)+
 *   segment = literal | ":" name        a `:name` segment captures one percent-decoded path segment
 * Routes are tried in table order; put literal routes (`/stock/batch`) before captures
 * (`/stock/:sku`). A path that matches some route's pattern but not its method is a 405.
 */
import { StackError } from '../errors.ts';

export interface RouteMatch<H> {
  handler: H;
  params: Record<string, string>;
  /** The pattern, used as the metrics label (bounded cardinality). */
  route: string;
}

interface Route<H> {
  method: string;
  pattern: string;
  parts: string[];
  handler: H;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, pattern, parts: pattern.split('/').slice(1), handler });
    return this;
  }

  /** Throws ROUTE_NOT_FOUND, METHOD_NOT_ALLOWED or INVALID_PARAM (bad percent-encoding). */
  match(method: string, path: string): RouteMatch<H> {
    const segs = path.split('/').slice(1);
    let pathMatched = false;
    for (const r of this.routes) {
      const params = matchParts(r.parts, segs);
      if (!params) continue;
      if (r.method !== method) {
        pathMatched = true;
        continue;
      }
      return { handler: r.handler, params, route: r.pattern };
    }
    if (pathMatched) throw new StackError('METHOD_NOT_ALLOWED', `${method} ${path}`);
    throw new StackError('ROUTE_NOT_FOUND', `${method} ${path}`);
  }
}

function matchParts(parts: string[], segs: string[]): Record<string, string> | null {
  if (parts.length !== segs.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = segs[i]!;
    if (p.startsWith(':')) {
      if (s === '') return null;
      try {
        params[p.slice(1)] = decodeURIComponent(s);
      } catch {
        throw new StackError('INVALID_PARAM', `path segment "${s}" is not valid percent-encoding`);
      }
    } else if (p !== s) return null;
  }
  return params;
}
