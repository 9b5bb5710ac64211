/**
 * Metric families as OpenMetrics 1.0 text (what a Prometheus scrape reads).
 *
 * Grammar of what we write (a subset of the OpenMetrics text format):
 *   exposition = *family "# EOF" LF
 *   family     = "# TYPE" SP name SP ("counter" | "gauge") LF "# HELP" SP name SP help LF *sample
 *   sample     = series [ "{" label *( "," label ) "}" ] SP value LF
 *   label      = label-name "=" DQUOTE label-value DQUOTE
 * A counter family `x` has samples named `x_total`. In help and label values backslash, double
 * quote and line feed are escaped (`\\`, `\"`, `\n`); values are Go-style floats (`NaN`, `+Inf`).
 */
import { seriesName, type Family } from './metric-family.ts';

export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function escape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escape(labels[k] as string)}"`).join(',')}}`;
}

/** Throws on a family or label name the format cannot carry (a bug upstream, never user data). */
export function openMetricsText(families: readonly Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (!NAME.test(f.name)) throw new TypeError(`invalid metric name ${JSON.stringify(f.name)}`);
    out.push(`# TYPE ${f.name} ${f.type}`, `# HELP ${f.name} ${escape(f.help)}`);
    const series = seriesName(f);
    for (const s of f.samples) {
      for (const k of Object.keys(s.labels)) if (!LABEL.test(k)) throw new TypeError(`invalid label name ${JSON.stringify(k)} on ${f.name}`);
      out.push(`${series}${labelsText(s.labels)} ${formatValue(s.value)}`);
    }
  }
  out.push('# EOF');
  return `${out.join('\n')}\n`;
}
