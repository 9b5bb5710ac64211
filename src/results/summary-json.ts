/**
 * summary.json: the run result as written, and read back (to re-render a report, compare with
 * a baseline, or inspect an interrupted run). Reading checks the schema version and the shape
 * of the top level, so a stale or foreign file fails with a message instead of a blank report.
 */
import { ResultsError } from './results-errors.ts';
import { RUN_RESULT_SCHEMA_VERSION } from './run-result.ts';
import type { RunResult } from './run-result.ts';

/**
 * JSON with 2-space indent. Non-finite numbers (a NaN average of nothing) become null, which
 * every reader takes as "not measured", rather than making the file unreadable.
 */
export function serialiseSummary(result: RunResult): string {
  return `${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

const REQUIRED: Record<string, 'string' | 'number' | 'object' | 'array'> = {
  scenario: 'string',
  status: 'string',
  started_at: 'number',
  ended_at: 'number',
  seed: 'number',
  scale: 'number',
  config: 'object',
  versions: 'object',
  machine: 'object',
  processes: 'array',
  series_interval_ms: 'number',
  metrics: 'object',
  lags: 'object',
  generator: 'object',
  standards: 'array',
  trust: 'object',
  verdict: 'string',
  verdict_reasons: 'array',
};

export function parseSummary(text: string, file = 'summary.json'): RunResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ResultsError('PD_RES_SUMMARY_NOT_JSON', `${file}: ${(err as Error).message}`, err);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ResultsError('PD_RES_SUMMARY_INVALID', `${file}: the top level must be an object`);
  }
  const o = raw as Record<string, unknown>;
  if (o.schema_version !== RUN_RESULT_SCHEMA_VERSION) {
    throw new ResultsError('PD_RES_SUMMARY_VERSION', `${file}: schema_version ${JSON.stringify(o.schema_version)}, this peakday reads ${RUN_RESULT_SCHEMA_VERSION}`);
  }
  const problems: string[] = [];
  for (const [k, t] of Object.entries(REQUIRED)) {
    const v = o[k];
    const ok = t === 'array' ? Array.isArray(v) : t === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : typeof v === t;
    if (!ok) problems.push(`${k} must be ${t === 'array' || t === 'object' ? `an ${t}` : `a ${t}`}`);
  }
  if (!['completed', 'interrupted', 'aborted'].includes(String(o.status))) problems.push(`status ${JSON.stringify(o.status)} is not completed, interrupted or aborted`);
  if (!['pass', 'fail', 'untrusted'].includes(String(o.verdict))) problems.push(`verdict ${JSON.stringify(o.verdict)} is not pass, fail or untrusted`);
  if (problems.length > 0) throw new ResultsError('PD_RES_SUMMARY_INVALID', `${file}: ${problems.join('; ')}`);
  return raw as RunResult;
}
