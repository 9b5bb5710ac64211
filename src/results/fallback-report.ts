/**
 * The page written when report.html cannot be rendered (a bug, or a result too odd to draw):
 * the verdict, the standards and the error, escaped, so a run's outcome is never lost to a
 * rendering failure.
 */
import type { RunResult } from './run-result.ts';

const e = (s: unknown) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function escapeForFallback(r: RunResult, err: Error): string {
  const rows = r.standards.map((j) => `<tr><td>${e(j.verdict)}</td><td>${e(j.id)}</td><td>${e(j.limit_text)}</td><td>${e(j.measured_text)}</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>peakday ${e(r.scenario)}: ${e(r.verdict)}</title></head><body><h1>${e(r.verdict.toUpperCase())}: ${e(r.scenario)}</h1><p>The full report could not be rendered: ${e(err.message)}. Every figure is in summary.json.</p><table>${rows}</table></body></html>`;
}
