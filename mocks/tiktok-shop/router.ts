/**
 * The mock's router: a table of method + path pattern -> handler, with path params.
 *
 * Pattern grammar:
 *   pattern = ("/" segment)+
 *   segment = literal | "{" name "}"       a param matches one non-empty segment
 * Static paths are one Map lookup; patterns with params are tried in registration order among
 * those with the same segment count, so the hot path never runs a regex.
 *
 * `match` tells apart "no such path" (TikTok 36009009) from "path exists, wrong method"
 * (36009010), which is why routes are grouped by path before method.
 */

export type Params = Record<string, string>;

export interface Route<H> {
  method: string;
  pattern: string;
  /** "POST /product/202309/products/{product_id}/inventory/update": stats and rate-limit key. */
  key: string;
  handler: H;
}

export type MatchResult<H> =
  | { kind: 'found'; route: Route<H>; params: Params }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface PatternEntry<H> {
  segments: string[];
  /** index -> param name, for segments that are params. */
  params: (string | undefined)[];
  byMethod: Map<string, Route<H>>;
}

const PARAM = /^\{([a-z_][a-z0-9_]*)\}$/;
const LITERAL = /^[A-Za-z0-9_.\-]+$/;

/** Param-route matches remembered (paths repeat: the same product ids all day); bounded. */
const CACHE_MAX = 10_000;

export class Router<H> {
  private readonly statics = new Map<string, Map<string, Route<H>>>();
  private readonly patterns = new Map<number, PatternEntry<H>[]>();
  private cache = new Map<string, MatchResult<H>>();

  add(method: string, pattern: string, handler: H): this {
    const route: Route<H> = { method, pattern, key: `${method} ${pattern}`, handler };
    const segments = pattern.split('/').slice(1);
    if (!pattern.startsWith('/') || segments.some((s) => !PARAM.test(s) && !LITERAL.test(s))) {
      throw new Error(`router: malformed pattern "${pattern}"`);
    }
    const params = segments.map((s) => PARAM.exec(s)?.[1]);
    if (params.every((p) => p === undefined)) {
      const byMethod = this.statics.get(pattern) ?? new Map<string, Route<H>>();
      if (byMethod.has(method)) throw new Error(`router: duplicate route ${route.key}`);
      byMethod.set(method, route);
      this.statics.set(pattern, byMethod);
      return this;
    }
    const list = this.patterns.get(segments.length) ?? [];
    let entry = list.find((e) => e.segments.join('/') === segments.join('/'));
    if (!entry) {
      entry = { segments, params, byMethod: new Map() };
      list.push(entry);
      this.patterns.set(segments.length, list);
    }
    if (entry.byMethod.has(method)) throw new Error(`router: duplicate route ${route.key}`);
    entry.byMethod.set(method, route);
    return this;
  }

  /** Matches a path; the answer (params included) is shared between calls: treat it as read-only. */
  match(method: string, path: string): MatchResult<H> {
    const byStatic = this.statics.get(path);
    if (byStatic) return pick(byStatic, method, {});
    const key = method + ' ' + path;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const r = this.matchPatterns(method, path);
    // Unknown paths are not cached: a scanner must not be able to flush the useful entries.
    if (r.kind !== 'not-found') {
      if (this.cache.size >= CACHE_MAX) this.cache = new Map();
      this.cache.set(key, r);
    }
    return r;
  }

  private matchPatterns(method: string, path: string): MatchResult<H> {
    const parts = path.split('/');
    const list = this.patterns.get(parts.length - 1);
    if (!list) return { kind: 'not-found' };
    for (const e of list) {
      let ok = true;
      for (let i = 0; i < e.segments.length; i++) {
        const part = parts[i + 1] as string;
        if (e.params[i] === undefined ? part !== e.segments[i] : part.length === 0) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const params: Params = {};
      for (let i = 0; i < e.params.length; i++) {
        const name = e.params[i];
        if (name !== undefined) params[name] = safeDecode(parts[i + 1] as string);
      }
      return pick(e.byMethod, method, params);
    }
    return { kind: 'not-found' };
  }

  /** Every route, for documentation and tests. */
  routes(): Route<H>[] {
    const out: Route<H>[] = [];
    for (const m of this.statics.values()) out.push(...m.values());
    for (const list of this.patterns.values()) for (const e of list) out.push(...e.byMethod.values());
    return out;
  }
}

function pick<H>(byMethod: Map<string, Route<H>>, method: string, params: Params): MatchResult<H> {
  const route = byMethod.get(method);
  if (route) return { kind: 'found', route, params };
  return { kind: 'method-not-allowed', allowed: [...byMethod.keys()] };
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a malformed escape stays literal; the handler then finds no such id
  }
}
