/**
 * The shell of every page peakday writes (report.html, comparison.html, capacity.html): one
 * self-contained document with no script, a Content-Security-Policy that lets it fetch nothing,
 * and the report's stylesheet. `title` and `heading` are escaped here; `body` is HTML the caller
 * already escaped.
 *
 * The live dashboard's page is the one exception, served from loopback: `live.script` names a
 * script of the same origin, and the policy allows exactly that script and a connection back to
 * its own server (the event stream) — still no inline script and nothing from elsewhere.
 */
import { esc } from './escape-html.ts';
import { REPORT_CSS } from './report-style.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
const LIVE_CSP = `${CSP}; script-src 'self'; connect-src 'self'`;

export interface ShellOptions {
  /** Live page: the same-origin script that keeps the page up to date. */
  live?: { script: string };
}

export function pageShell(title: string, heading: string, body: string, opts: ShellOptions = {}): string {
  const csp = opts.live ? LIVE_CSP : CSP;
  const script = opts.live ? `\n<script src="${esc(opts.live.script)}" defer></script>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>${script}
</head>
<body>
<main>
<h1>${esc(heading)}</h1>
${body}
</main>
</body>
</html>
`;
}
