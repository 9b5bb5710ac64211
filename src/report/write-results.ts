/**
 * Writes a run's files: `<root>/<YYYYMMDD-HHMMSS>-<scenario>/` with summary.json (the result),
 * junit.xml, one .hlog per histogram (hdr/), and report.html. Everything derives from the
 * result after redaction, so a secret in the config reaches no file.
 *
 * Synchronous on purpose: the harness calls this from its Ctrl-C path too, and an interrupted
 * run must still leave valid files. Each file is written to a temporary name and renamed, so
 * a second Ctrl-C leaves either the old file or the new one, never half of one. summary.json
 * goes first: if the report fails to render, the figures are already safe.
 */
import { renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { escapeForFallback } from '../results/fallback-report.ts';
import { hlogFileName, hlogText } from '../results/hdr-log.ts';
import { junitXml } from '../results/junit-xml.ts';
import { redact } from '../results/redact.ts';
import { createResultDir } from '../results/result-dir.ts';
import { ResultsError } from '../results/results-errors.ts';
import type { RunResult } from '../results/run-result.ts';
import { serialiseSummary } from '../results/summary-json.ts';
import { renderReport } from './render-report.ts';

export interface WriteOptions {
  /** Folder holding every run's folder; `results` in the working directory by default. */
  root?: string;
  /** Write into this existing folder instead of creating a new one (re-rendering a run). */
  dir?: string;
}

export interface Written {
  /** The result as written (redacted, with `files`). */
  result: RunResult;
  /** Absolute path of the run's folder. */
  dir: string;
  /** Problems that did not stop the writing (e.g. the report failed to render). */
  warnings: string[];
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, path);
}

export function writeResults(result: RunResult, opts: WriteOptions = {}): Written {
  const warnings: string[] = [];
  let dir: string;
  try {
    dir = resolve(opts.dir ?? createResultDir(opts.root ?? 'results', result.started_at, result.scenario));
    mkdirSync(join(dir, 'hdr'), { recursive: true });
  } catch (err) {
    throw new ResultsError('PD_RES_WRITE_FAILED', `cannot create the result folder: ${(err as Error).message}`, err);
  }
  const clean = redact(result);

  const hlogs: Record<string, string> = {};
  const histograms: [string, string][] = [
    ...Object.entries(clean.metrics).flatMap(([name, m]): [string, string][] => (m.hdr ? [[name, m.hdr]] : [])),
    ...Object.entries(clean.lags).flatMap(([name, l]): [string, string][] => (l?.hdr && !clean.metrics[name]?.hdr ? [[name, l.hdr]] : [])),
  ];
  for (const [name, hdr] of histograms) {
    try {
      const file = join('hdr', hlogFileName(name));
      writeAtomic(join(dir, file), hlogText(name, hdr, clean.started_at, clean.ended_at));
      hlogs[name] = file;
    } catch (err) {
      warnings.push(`HDR log of ${name} not written: ${(err as Error).message}`);
    }
  }

  const final: RunResult = { ...clean, files: { dir, summary: 'summary.json', junit: 'junit.xml', report: 'report.html', hlogs } };
  try {
    writeAtomic(join(dir, 'summary.json'), serialiseSummary(final));
    writeAtomic(join(dir, 'junit.xml'), junitXml(final));
  } catch (err) {
    throw new ResultsError('PD_RES_WRITE_FAILED', `${dir}: ${(err as Error).message}`, err);
  }
  let html: string;
  try {
    html = renderReport(final);
  } catch (err) {
    warnings.push(`report.html could not be rendered (${(err as Error).message}); a minimal page points to summary.json`);
    html = escapeForFallback(final, err as Error);
  }
  writeAtomic(join(dir, 'report.html'), html);
  return { result: final, dir, warnings };
}
