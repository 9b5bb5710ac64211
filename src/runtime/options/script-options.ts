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
import { FieldCheck } from '../../../lib/config/field-check.ts';

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
  const check = new FieldCheck();
  const errors = check.problems;
  const o = raw === undefined || raw === null ? {} : check.obj(raw, 'options');
  check.onlyKeys(o, [...KNOWN], '');
  const read = new OptionReader(o, check);
  const tags = read.tags();
  const summaryTrendStats = read.summaryTrendStats();
  const scenarios = resolveScenarios(o, cli, read, errors);
  const options: ResolvedOptions = {
    scenarios,
    thresholds: o.thresholds ?? {},
    setupTimeoutMs: read.duration('setupTimeout', 60_000),
    teardownTimeoutMs: read.duration('teardownTimeout', 60_000),
    summaryTrendStats,
    summaryTimeUnit: read.string('summaryTimeUnit'),
    noColor: cli.noColor === true || read.boolean('noColor', false),
    userAgent: read.string('userAgent') ?? DEFAULT_USER_AGENT,
    discardResponseBodies: read.boolean('discardResponseBodies', false),
    maxRedirects: read.int('maxRedirects', 10, 0),
    batch: read.int('batch', 20, 1),
    batchPerHost: read.int('batchPerHost', 6, 0),
    throw: read.boolean('throw', false),
    tags,
    minIterationDurationMs: read.duration('minIterationDuration', 0),
    executionSegment: read.string('executionSegment'),
    executionSegmentSequence: read.string('executionSegmentSequence'),
  };
  return { options, errors };
}

/** Reads one top-level option in lib's FieldCheck format: its value, or the default with the problem recorded. */
class OptionReader {
  constructor(
    private readonly o: Record<string, unknown>,
    private readonly check: FieldCheck,
  ) {}

  int(key: string, def: number, min: number): number {
    const v = this.o[key];
    if (v === undefined) return def;
    const before = this.check.problems.length;
    const n = this.check.int(v, key, min, Infinity);
    return this.check.problems.length === before ? n : def;
  }

  boolean(key: string, def: boolean): boolean {
    return this.check.optBool(this.o[key], key) ?? def;
  }

  duration(key: string, def: number): number {
    const v = this.o[key];
    if (v === undefined) return def;
    const r = parseDuration(v);
    if (r.ok) return r.ms;
    this.check.add(key, r.error);
    return def;
  }

  string(key: string): string | undefined {
    const v = this.o[key];
    if (v === undefined || typeof v === 'string') return v;
    this.check.expected(key, 'a string', v);
    return undefined;
  }

  tags(): Record<string, string> {
    const tags: Record<string, string> = {};
    if (this.o.tags === undefined) return tags;
    for (const [k, v] of Object.entries(this.check.obj(this.o.tags, 'tags'))) {
      if (typeof v === 'string') tags[k] = v;
      else this.check.expected(`tags.${k}`, 'a string', v);
    }
    return tags;
  }

  summaryTrendStats(): string[] {
    const s = this.o.summaryTrendStats;
    if (s === undefined) return ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
    if (!Array.isArray(s) || s.some((x) => typeof x !== 'string' || !TREND_STAT.test(x))) {
      this.check.expected('summaryTrendStats', 'a list of avg, min, med, max, count, p(N)', s);
      return ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
    }
    return s as string[];
  }
}

/** The scenarios: the CLI's shortcuts over everything, else the script's scenarios, else its shortcuts. */
function resolveScenarios(o: Record<string, unknown>, cli: CliOverrides, read: OptionReader, errors: string[]): Scenario[] {
  const scriptShortcut = ['vus', 'duration', 'iterations', 'stages'].filter((k) => o[k] !== undefined);
  const cliShortcut = cli.vus !== undefined || cli.durationMs !== undefined || cli.iterations !== undefined;
  if (cliShortcut) {
    // CLI shortcuts replace both the script's scenarios and its shortcuts, keeping script vus
    // when only --duration/--iterations are given (k6 layering)
    const vus = cli.vus ?? read.int('vus', 1, 1);
    return shortcut(vus, cli.durationMs ?? undefined, cli.iterations, undefined, errors);
  }
  if (o.scenarios !== undefined) {
    if (scriptShortcut.length > 0) {
      errors.push(`options ${scriptShortcut.map((k) => `"${k}"`).join(', ')} cannot be combined with "scenarios": put them in a scenario`);
    }
    const r = parseScenarios(o.scenarios);
    errors.push(...r.errors);
    return r.scenarios;
  }
  const vus = read.int('vus', 1, 0);
  let durationMs: number | undefined;
  if (o.duration !== undefined) {
    const d = parseDuration(o.duration);
    if (!d.ok) errors.push(`duration: ${d.error}`);
    else durationMs = d.ms;
  }
  const iterations = o.iterations === undefined ? undefined : read.int('iterations', 1, 1);
  return shortcut(vus, durationMs, iterations, o.stages, errors);
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
      errors.push('duration: 0 means "run until stopped" in k6 (externally-controlled), which is not supported');
      return [];
    }
    raw = { executor: 'constant-vus', vus: Math.max(1, vus), duration: durationMs };
  } else {
    raw = { executor: 'per-vu-iterations', vus: Math.max(1, vus), iterations: 1 };
  }
  const r = parseScenarios({ default: raw });
  // the shortcut's messages name the option, not the invented scenario
  errors.push(...r.errors.map((e) => e.replace(/^scenarios\.default: /, 'shortcut options: ').replace(/^scenarios\.default\./, '')));
  return r.scenarios;
}
