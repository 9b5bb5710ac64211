/**
 * A method + path-pattern router, shared by the mock platform and the stack's ERP API. It only
 * matches: each server turns the answer into its own error shape (TikTok codes, ERP codes).
 *
 * Pattern grammar (OpenAPI's path template, the form both APIs are documented in):
 *   pattern = ("/" segment)+
 *   segment = literal | "{" name "}"       a param matches one non-empty segment, percent-decoded
 *   name    = [a-z_][a-z0-9_]*
 *   literal = [A-Za-z0-9_.-]+
 * A path without params is one Map lookup and wins over patterns of the same shape; patterns are
 * tried in registration order among those with the same segment count, so the hot path never
 * runs a regex. A pattern whose path matches but whose method does not lets a later pattern
 * answer; only when none has the method is it "method not allowed".
 * HEAD is answered by the GET route of a path (RFC 9110 §9.3.2); `allowed` lists it too.
 *
 * `match` tells apart "no such path" (404) from "path exists, wrong method" (405 + Allow).
 */

export type Params = Record<string, string>;

export interface Route<H> {
  method: string;
  pattern: string;
  /** "POST /product/202309/products/{product_id}/inventory/update": stats, metrics and rate-limit key. */
  key: string;
  handler: H;
}

export type MatchResult<H> =
  | { kind: 'found'; route: Route<H>; params: Params }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

export interface RouterOptions {
  /**
   * Decodes a param segment. The default leaves a malformed escape literal (the handler then
   * finds no such id); a part that wants a 400 instead throws its own error here.
   */
  decodeParam?: (segment: string) => string;
}

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
  private readonly decodeParam: (segment: string) => string;

  constructor(options: RouterOptions = {}) {
    this.decodeParam = options.decodeParam ?? keepMalformed;
  }

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
    if (byStatic) {
      const route = forMethod(byStatic, method);
      return route ? { kind: 'found', route, params: {} } : { kind: 'method-not-allowed', allowed: allowedOf([byStatic]) };
    }
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
    const pathMatches: Map<string, Route<H>>[] = [];
    for (const e of list) {
      if (!segmentsMatch(e, parts)) continue;
      const route = forMethod(e.byMethod, method);
      if (!route) {
        pathMatches.push(e.byMethod);
        continue;
      }
      const params: Params = {};
      for (let i = 0; i < e.params.length; i++) {
        const name = e.params[i];
        if (name !== undefined) params[name] = decodeIfEscaped(parts[i + 1] as string, this.decodeParam);
      }
      return { kind: 'found', route, params };
    }
    return pathMatches.length > 0 ? { kind: 'method-not-allowed', allowed: allowedOf(pathMatches) } : { kind: 'not-found' };
  }

  /** Every route, for documentation and tests. */
  routes(): Route<H>[] {
    const out: Route<H>[] = [];
    for (const m of this.statics.values()) out.push(...m.values());
    for (const list of this.patterns.values()) for (const e of list) out.push(...e.byMethod.values());
    return out;
  }
}

function segmentsMatch<H>(e: PatternEntry<H>, parts: string[]): boolean {
  for (let i = 0; i < e.segments.length; i++) {
    const part = parts[i + 1] as string;
    if (e.params[i] === undefined ? part !== e.segments[i] : part.length === 0) return false;
  }
  return true;
}

function forMethod<H>(byMethod: Map<string, Route<H>>, method: string): Route<H> | undefined {
  return byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined);
}

function allowedOf<H>(maps: Map<string, Route<H>>[]): string[] {
  const allowed = new Set<string>();
  for (const m of maps) for (const method of m.keys()) allowed.add(method);
  if (allowed.has('GET')) allowed.add('HEAD');
  return [...allowed];
}

function decodeIfEscaped(s: string, decode: (segment: string) => string): string {
  return s.includes('%') ? decode(s) : s;
}

function keepMalformed(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
