/**
 * report.html: one self-contained page from one RunResult. No network at all — inline CSS,
 * inline SVG drawn by our own chart functions, no script, and a Content-Security-Policy that
 * forbids fetching anything — so it opens the same from a CI artefact, an e-mail or a laptop
 * offline, and a hostile string in the result can neither run nor call home.
 *
 * The live dashboard (src/live/) renders the same body from a partial result with a
 * `LiveProgress`: one renderer for the run in progress and the run's end.
 */
import type { RunResult } from '../results/run-result.ts';
import { esc } from './escape-html.ts';
import type { LiveProgress } from './live-progress.ts';
import { pageShell } from './page-shell.ts';
import { callRatesSection } from './sections/call-rates-section.ts';
import { erpShimSection } from './sections/erp-shim-section.ts';
import { generatorSection } from './sections/generator-section.ts';
import { lagsSection } from './sections/lags-section.ts';
import { latencySection } from './sections/latency-section.ts';
import { processesSection } from './sections/processes-section.ts';
import { reconciliationSection } from './sections/reconciliation-section.ts';
import { breakingPointsSection, faultsSection, runInfoSection } from './sections/run-info-section.ts';
import { standardsTable } from './sections/standards-table.ts';
import { throughputSection } from './sections/throughput-section.ts';
import { liveBanner, verdictBanner } from './sections/verdict-banner.ts';

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

/** The report's sections; with `live`, as they stand so far. */
export function reportBody(r: RunResult, live?: LiveProgress): string {
  return [
    live ? liveBanner(r, live) : verdictBanner(r),
    `<nav>${NAV.map(([id, t]) => `<a href="#${id}">${t}</a>`).join('')}</nav>`,
    standardsTable(r, live),
    breakingPointsSection(r),
    latencySection(r),
    throughputSection(r),
    lagsSection(r),
    callRatesSection(r),
    erpShimSection(r),
    generatorSection(r),
    processesSection(r),
    reconciliationSection(r, live),
    faultsSection(r),
    runInfoSection(r),
    live
      ? `<footer>peakday ${esc(r.versions.peakday)} · live: refreshed every second; the final report takes this page's place when the run ends</footer>`
      : `<footer>peakday ${esc(r.versions.peakday)} · summary.json holds every figure on this page · schema ${esc(r.schema_version)}</footer>`,
  ].join('\n');
}

/** The page title: the verdict, or how far a live run is. */
export function reportTitle(r: RunResult, live?: LiveProgress): string {
  if (!live) return `peakday ${r.scenario}: ${r.verdict.toUpperCase()}`;
  const breaking = r.standards.filter((j) => j.verdict === 'fail').length;
  return `peakday ${r.scenario}: live${breaking > 0 ? `, ${breaking} breaking` : ''}`;
}

export function reportHeading(r: RunResult): string {
  return `peakday · ${r.scenario}`;
}

export function renderReport(r: RunResult): string {
  return pageShell(reportTitle(r), reportHeading(r), reportBody(r));
}
