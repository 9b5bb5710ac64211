/**
 * The shell of every page peakday writes (report.html, comparison.html, capacity.html): one
 * self-contained document with no script, a Content-Security-Policy that lets it fetch nothing,
 * and the report's stylesheet. `title` and `heading` are escaped here; `body` is HTML the caller
 * already escaped.
 */
import { esc } from './escape-html.ts';
import { REPORT_CSS } from './report-style.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function pageShell(title: string, heading: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
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
