/**
 * report.html: one self-contained page from one RunResult. No network at all — inline CSS,
 * inline SVG drawn by our own chart functions, no script, and a Content-Security-Policy that
 * forbids fetching anything — so it opens the same from a CI artefact, an e-mail or a laptop
 * offline, and a hostile string in the result can neither run nor call home.
 */
import type { RunResult } from '../results/run-result.ts';
import { esc } from './escape-html.ts';
import { REPORT_CSS } from './report-style.ts';
import { generatorSection } from './sections/generator-section.ts';
import { lagsSection } from './sections/lags-section.ts';
import { latencySection } from './sections/latency-section.ts';
import { processesSection } from './sections/processes-section.ts';
import { reconciliationSection } from './sections/reconciliation-section.ts';
import { breakingPointsSection, faultsSection, runInfoSection } from './sections/run-info-section.ts';
import { standardsTable } from './sections/standards-table.ts';
import { throughputSection } from './sections/throughput-section.ts';
import { verdictBanner } from './sections/verdict-banner.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const NAV: readonly [string, string][] = [
  ['standards', 'Standards'],
  ['latency', 'Latency'],
  ['throughput', 'Throughput'],
  ['lags', 'Lags'],
  ['generator', 'Generator'],
  ['processes', 'Processes'],
  ['reconciliation', 'Reconciliation'],
  ['faults', 'Faults'],
  ['run', 'Machine & config'],
];

export function renderReport(r: RunResult): string {
  const body = [
    verdictBanner(r),
    `<nav>${NAV.map(([id, t]) => `<a href="#${id}">${t}</a>`).join('')}</nav>`,
    standardsTable(r),
    breakingPointsSection(r),
    latencySection(r),
    throughputSection(r),
    lagsSection(r),
    generatorSection(r),
    processesSection(r),
    reconciliationSection(r),
    faultsSection(r),
    runInfoSection(r),
    `<footer>peakday ${esc(r.versions.peakday)} · summary.json holds every figure on this page · schema ${esc(r.schema_version)}</footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>peakday ${esc(r.scenario)}: ${esc(r.verdict.toUpperCase())}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<h1>peakday · ${esc(r.scenario)}</h1>
${body}
</main>
</body>
</html>
`;
}
