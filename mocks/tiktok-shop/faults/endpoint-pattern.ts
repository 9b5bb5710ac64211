/**
 * Endpoint filters of the fault spec: which TikTok API calls a fault applies to.
 *
 * A call is named by its route key, the router's template for it, e.g.
 * "POST /product/202309/products/{id}/inventory/update". A pattern selects route keys.
 *
 * Grammar:
 *   pattern = method " " path
 *   method  = "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "*"      ("*" = any method)
 *   path    = "/" char* ["*"]        char = any non-whitespace except "*";
 *                                    a trailing "*" matches any rest of the path (prefix match);
 *                                    otherwise the path must equal the route key's path
 * Examples: "POST /product/202309/products/{id}/inventory/update", "* /order/*", "GET /*".
 */

export type EndpointMatcher = (routeKey: string) => boolean;

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', '*']);

/** Parses one pattern; a string result is the problem, quoting the input. */
export function parseEndpointPattern(pattern: string): EndpointMatcher | string {
  const sp = pattern.indexOf(' ');
  if (sp < 0) return `endpoint pattern ${JSON.stringify(pattern)}: expected "METHOD /path", e.g. "POST /order/*"`;
  const method = pattern.slice(0, sp);
  const path = pattern.slice(sp + 1);
  if (!METHODS.has(method)) return `endpoint pattern ${JSON.stringify(pattern)}: method must be GET, POST, PUT, DELETE, PATCH or *`;
  if (!path.startsWith('/')) return `endpoint pattern ${JSON.stringify(pattern)}: path must start with "/"`;
  if (/\s/.test(path)) return `endpoint pattern ${JSON.stringify(pattern)}: path must not contain whitespace`;
  const star = path.indexOf('*');
  if (star >= 0 && star !== path.length - 1) return `endpoint pattern ${JSON.stringify(pattern)}: "*" is allowed only at the end of the path`;
  const prefix = star >= 0 ? path.slice(0, -1) : undefined;
  return (routeKey: string): boolean => {
    const rsp = routeKey.indexOf(' ');
    if (rsp < 0) return false;
    if (method !== '*' && routeKey.slice(0, rsp) !== method) return false;
    const rpath = routeKey.slice(rsp + 1);
    return prefix !== undefined ? rpath.startsWith(prefix) : rpath === path;
  };
}

/**
 * A matcher for a list of patterns (any one matching selects the call), memoised per route
 * key: route keys are templates, so the memo stays small and a hot call costs one Map lookup.
 */
export function compileEndpointFilter(patterns: readonly string[]): { match: EndpointMatcher; problems: string[] } {
  const problems: string[] = [];
  const matchers: EndpointMatcher[] = [];
  for (const p of patterns) {
    const m = parseEndpointPattern(p);
    if (typeof m === 'string') problems.push(m);
    else matchers.push(m);
  }
  const memo = new Map<string, boolean>();
  const match = (routeKey: string): boolean => {
    let r = memo.get(routeKey);
    if (r === undefined) {
      r = matchers.some((m) => m(routeKey));
      if (memo.size >= 10_000) memo.clear(); // raw paths instead of templates: stay bounded
      memo.set(routeKey, r);
    }
    return r;
  };
  return { match, problems };
}
