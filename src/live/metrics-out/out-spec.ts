/**
 * `--out` of `peakday run <scenario>`: where the run's metrics go while it runs.
 *
 * Grammar (one flag value; the flag repeats):
 *   out    = "prometheus=" url          Prometheus remote write to `url` (http or https)
 *          | "openmetrics=" port        a scrape endpoint on 127.0.0.1:`port` (0: any free port)
 *   port   = 1*5DIGIT                   0..65535
 * The receiver of a remote write may be any host: it receives figures, not load.
 */
export type OutSpec = { kind: 'prometheus'; url: string } | { kind: 'openmetrics'; port: number };

/** Parses every value; `errors` names each bad one. */
export function parseOutSpecs(values: readonly string[]): { outs: OutSpec[]; errors: string[] } {
  const outs: OutSpec[] = [];
  const errors: string[] = [];
  for (const v of values) {
    const eq = v.indexOf('=');
    const kind = eq === -1 ? v : v.slice(0, eq);
    const target = eq === -1 ? '' : v.slice(eq + 1);
    if (kind === 'prometheus') {
      let url: URL | undefined;
      try {
        url = new URL(target);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) errors.push(`--out ${v}: prometheus= needs an http or https URL of a remote-write receiver`);
      else outs.push({ kind, url: url.href });
    } else if (kind === 'openmetrics') {
      const port = /^\d{1,5}$/.test(target) ? Number(target) : NaN;
      if (!(port >= 0 && port <= 65535)) errors.push(`--out ${v}: openmetrics= needs a port 0..65535`);
      else outs.push({ kind, port });
    } else {
      errors.push(`--out ${v}: unknown output "${kind}" (known: prometheus=URL, openmetrics=PORT)`);
    }
  }
  if (outs.filter((o) => o.kind === 'openmetrics').length > 1) errors.push('--out openmetrics= given more than once');
  return { outs, errors };
}

/** A URL as it may be logged: without user and password. */
export function shownUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.href;
}
