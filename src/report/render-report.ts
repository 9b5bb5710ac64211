/**
 * report.html: one self-contained page from one RunResult. No network at all — inline CSS,
 * inline SVG drawn by our own chart functions, no script, and a Content-Security-Policy that
 * forbids fetching anything — so it opens the same from a CI artefact, an e-mail or a laptop
 * offline, and a hostile string in the result can neither run nor call home.
 */
import type { RunResult } from '../results/run-result.ts';
import { esc } from './escape-html.ts';
import { pageShell } from './page-shell.ts';
import { generatorSection } from './sections/generator-section.ts';
import { lagsSection } from './sections/lags-section.ts';
import { latencySection } from './sections/latency-section.ts';
import { processesSection } from './sections/processes-section.ts';
import { reconciliationSection } from './sections/reconciliation-section.ts';
import { breakingPointsSection, faultsSection, runInfoSection } from './sections/run-info-section.ts';
import { standardsTable } from './sections/standards-table.ts';
import { throughputSection } from './sections/throughput-section.ts';
import { verdictBanner } from './sections/verdict-banner.ts';

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
  return pageShell(`peakday ${r.scenario}: ${r.verdict.toUpperCase()}`, `peakday · ${r.scenario}`, body);
}
