/**
 * The test's options: the script's exported `options` with the CLI's flags on top, checked
 * strictly (unknown keys rejected, every problem reported) and resolved in one step into the
 * scenarios the engine runs. Shortcuts become a `default` scenario as k6 does:
 *   iterations (± vus, duration as maxDuration) -> shared-iterations
 *   duration (± vus)                            -> constant-vus
 *   stages (± vus as startVUs)                  -> ramping-vus
 *   nothing                                     -> per-vu-iterations, 1 VU, 1 iteration
 * Shortcuts given on the CLI replace the script's scenarios (k6: a higher level's shortcut
 * wins over a lower level's scenarios); shortcuts and scenarios at the same level conflict.
 */
import { parseScenarios, type Scenario } from '../executors/index.ts';
import { parseDuration } from '../duration.ts';

/** Options the runtime implements. */
const SUPPORTED = [
  'vus', 'duration', 'iterations', 'stages', 'scenarios', 'thresholds',
  'setupTimeout', 'teardownTimeout', 'summaryTrendStats', 'summaryTimeUnit', 'noColor',
  'userAgent', 'discardResponseBodies', 'maxRedirects', 'batch', 'throw', 'tags',
  'executionSegment', 'executionSegmentSequence', 'minIterationDuration',
] as const;
/** k6 options accepted for compatibility and without effect here (listed in the README). */
const ACCEPTED_NO_EFFECT = ['batchPerHost', 'insecureSkipTLSVerify', 'noConnectionReuse', 'noVUConnectionReuse', 'ext', 'cloud', 'systemTags', 'httpDebug'] as const;
const KNOWN = new Set<string>([...SUPPORTED, ...ACCEPTED_NO_EFFECT]);

export interface CliOverrides {
  vus?: number;
  durationMs?: number;
  iterations?: number;
  noColor?: boolean;
}

export interface ResolvedOptions {
  scenarios: Scenario[];
  thresholds: unknown;
  setupTimeoutMs: number;
  teardownTimeoutMs: number;
  summaryTrendStats: string[];
  summaryTimeUnit: string | undefined;
  noColor: boolean;
  userAgent: string;
  discardResponseBodies: boolean;
  maxRedirects: number;
  batch: number;
  batchPerHost: number;
  throw: boolean;
  tags: Record<string, string>;
  minIterationDurationMs: number;
  executionSegment: string | undefined;
  executionSegmentSequence: string | undefined;
}

export const DEFAULT_USER_AGENT = 'peakday/0.1 (k6-compatible runtime)';
const TREND_STAT = /^(avg|min|med|max|count|p\(\d+(\.\d+)?\))$/;

export function resolveOptions(raw: unknown, cli: CliOverrides = {}): { options: ResolvedOptions; errors: string[] } {
  const errors: string[] = [];
  const o: Record<string, unknown> = raw === undefined || raw === null ? {} : (raw as Record<string, unknown>);
  if (typeof o !== 'object' || Array.isArray(o)) errors.push('exported "options" must be an object');
  for (const k of Object.keys(o)) {
    if (!KNOWN.has(k)) errors.push(`unknown option "${k}"`);
  }
  const int = (key: string, def: number, min: number): number => {
    const v = o[key];
    if (v === undefined) return def;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      errors.push(`option "${key}" must be a whole number >= ${min}, got ${JSON.stringify(v)}`);
      return def;
    }
    return v;
  };
  const bool = (key: string, def: boolean): boolean => {
    const v = o[key];
    if (v === undefined) return def;
    if (typeof v !== 'boolean') {
      errors.push(`option "${key}" must be true or false, got ${JSON.stringify(v)}`);
      return def;
    }
    return v;
  };
  const dur = (key: string, def: number): number => {
    const v = o[key];
    if (v === undefined) return def;
    const r = parseDuration(v);
    if (!r.ok) {
      errors.push(`option "${key}": ${r.error}`);
      return def;
    }
    return r.ms;
  };
  const str = (key: string): string | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      errors.push(`option "${key}" must be a string, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  };

  const tags: Record<string, string> = {};
  if (o.tags !== undefined) {
    if (typeof o.tags !== 'object' || o.tags === null || Array.isArray(o.tags)) errors.push('option "tags" must be an object of strings');
    else
      for (const [k, v] of Object.entries(o.tags)) {
        if (typeof v !== 'string') errors.push(`option "tags.${k}" must be a string`);
        else tags[k] = v;
      }
  }
  let summaryTrendStats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
  if (o.summaryTrendStats !== undefined) {
    const s = o.summaryTrendStats;
    if (!Array.isArray(s) || s.some((x) => typeof x !== 'string' || !TREND_STAT.test(x))) {
      errors.push(`option "summaryTrendStats" must be a list of avg, min, med, max, count, p(N); got ${JSON.stringify(s)}`);
    } else summaryTrendStats = s as string[];
  }

  // --- scenarios and shortcuts ---
  const scriptShortcut = ['vus', 'duration', 'iterations', 'stages'].filter((k) => o[k] !== undefined);
  const cliShortcut = cli.vus !== undefined || cli.durationMs !== undefined || cli.iterations !== undefined;
  let scenarios: Scenario[] = [];
  if (cliShortcut) {
    // CLI shortcuts replace both the script's scenarios and its shortcuts, keeping script vus
    // when only --duration/--iterations are given (k6 layering)
    const vus = cli.vus ?? int('vus', 1, 1);
    scenarios = shortcut(vus, cli.durationMs ?? undefined, cli.iterations, undefined, errors);
  } else if (o.scenarios !== undefined) {
    if (scriptShortcut.length > 0) {
      errors.push(`options ${scriptShortcut.map((k) => `"${k}"`).join(', ')} cannot be combined with "scenarios": put them in a scenario`);
    }
    const r = parseScenarios(o.scenarios);
    errors.push(...r.errors);
    scenarios = r.scenarios;
  } else {
    const vus = int('vus', 1, 0);
    let durationMs: number | undefined;
    if (o.duration !== undefined) {
      const d = parseDuration(o.duration);
      if (!d.ok) errors.push(`option "duration": ${d.error}`);
      else durationMs = d.ms;
    }
    const iterations = o.iterations === undefined ? undefined : int('iterations', 1, 1);
    scenarios = shortcut(vus, durationMs, iterations, o.stages, errors);
  }

  const options: ResolvedOptions = {
    scenarios,
    thresholds: o.thresholds ?? {},
    setupTimeoutMs: dur('setupTimeout', 60_000),
    teardownTimeoutMs: dur('teardownTimeout', 60_000),
    summaryTrendStats,
    summaryTimeUnit: str('summaryTimeUnit'),
    noColor: cli.noColor === true || bool('noColor', false),
    userAgent: str('userAgent') ?? DEFAULT_USER_AGENT,
    discardResponseBodies: bool('discardResponseBodies', false),
    maxRedirects: int('maxRedirects', 10, 0),
    batch: int('batch', 20, 1),
    batchPerHost: int('batchPerHost', 6, 0),
    throw: bool('throw', false),
    tags,
    minIterationDurationMs: dur('minIterationDuration', 0),
    executionSegment: str('executionSegment'),
    executionSegmentSequence: str('executionSegmentSequence'),
  };
  return { options, errors };
}

function shortcut(vus: number, durationMs: number | undefined, iterations: number | undefined, stages: unknown, errors: string[]): Scenario[] {
  let raw: Record<string, unknown>;
  if (iterations !== undefined) {
    raw = { executor: 'shared-iterations', vus: Math.max(1, vus), iterations, ...(durationMs !== undefined ? { maxDuration: durationMs } : {}) };
    if (stages !== undefined) errors.push('options "stages" and "iterations" cannot be combined');
  } else if (stages !== undefined) {
    raw = { executor: 'ramping-vus', startVUs: vus, stages };
    if (durationMs !== undefined) errors.push('options "stages" and "duration" cannot be combined');
  } else if (durationMs !== undefined) {
    if (durationMs === 0) {
      errors.push('option "duration" 0 means "run until stopped" in k6 (externally-controlled), which is not supported');
      return [];
    }
    raw = { executor: 'constant-vus', vus: Math.max(1, vus), duration: durationMs };
  } else {
    raw = { executor: 'per-vu-iterations', vus: Math.max(1, vus), iterations: 1 };
  }
  const r = parseScenarios({ default: raw });
  // the shortcut's messages name the option, not the invented scenario
  errors.push(...r.errors.map((e) => e.replace(/^scenarios\.default: /, 'shortcut options: ')));
  return r.scenarios;
}
