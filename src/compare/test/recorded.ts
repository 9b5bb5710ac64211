/**
 * Recorded runs for the comparison's tests (src/compare/test/fixtures/: real nightly runs of this
 * machine, trimmed of series), and ways to change them on purpose: scale one histogram's
 * every sample, or change a rate, as a regression or an improvement would.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import type { RunResult } from '../../results/run-result.ts';
import { loadStandards } from '../../standards/load-standards.ts';
import { judgeRun } from '../../standards/verdict.ts';
import type { LoadedRun } from '../compare-runs.ts';
import { readRun } from '../read-runs.ts';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function recorded(scenario: 'promo' | 'certify'): LoadedRun[] {
  const dir = join(FIXTURES, scenario);
  return readdirSync(dir)
    .sort()
    .map((d) => readRun(join(dir, d, 'summary.json'), join(dir, d)));
}

/** Every sample of an encoded histogram multiplied by `factor` (bucket by bucket, counts kept). */
export function scaleHistogram(encoded: string, factor: number): string {
  const src = hdr.decodeFromCompressedBase64(encoded, 'packed', false) as hdr.JsHistogram;
  const out = new LatencyHistogram();
  const it = src.recordedValuesIterator;
  it.reset();
  while (it.hasNext()) {
    const v = it.next();
    out.raw.recordValueWithCount(Math.max(1, Math.round(v.valueIteratedTo * factor)), v.countAtValueIteratedTo);
  }
  return out.encode();
}

/**
 * The run with one latency metric's samples scaled (in `metrics` or `lags`), then judged
 * again against the default standards, as a run measuring those samples would have been.
 */
export function withLatencyScaled(run: LoadedRun, metric: string, factor: number): LoadedRun {
  const r: RunResult = structuredClone(run.result);
  const m = r.metrics[metric];
  const l = r.lags[metric as keyof typeof r.lags];
  if (m?.hdr) m.hdr = scaleHistogram(m.hdr, factor);
  else if (l?.hdr) l.hdr = scaleHistogram(l.hdr, factor);
  else throw new Error(`no histogram for ${metric}`);
  return { source: `${run.source} (${metric} ×${factor})`, result: rejudge(r) };
}

export function rejudge(r: RunResult): RunResult {
  const { standards: _s, trust: _t, verdict: _v, verdict_reasons: _r, files: _f, ...m } = r;
  // The scenario's own thresholds (scenario:*) are not standards: keep them as recorded.
  const own = r.standards.filter((s) => s.id.startsWith('scenario:'));
  const judged = judgeRun(loadStandards(), m);
  return { ...judged, standards: [...judged.standards, ...own] };
}
