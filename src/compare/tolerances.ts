/**
 * How much change is run-to-run noise. One type, defaults resolved in one step, and a
 * validation that reports every problem, changes nothing and rejects unknown keys (a typo'd
 * key silently leaving a default in force would make a comparison lie quietly).
 *
 * A figure of kind K moving by `change` in its bad direction is a regression when
 *
 *   |change| > max(K.absolute, K.relative × |baseline|) + spread_factor × spread + z × SE
 *
 * where `baseline` is the median of the baseline runs, `spread` their range (max − min; 0
 * with one baseline run), and `z × SE` the sampling noise of a rate (two-proportion standard
 * error from the pass/fail counts, rates only). Percentiles resting on fewer than
 * `min_tail_samples` samples above them (p99 of 300 samples rests on 3) are shown, not judged.
 *
 * File format (every key optional):
 *   { "latency": { "relative": 0.25, "absolute": 5 },            ms
 *     "rate":    { "relative": 0, "absolute": 0.005, "z": 3 },    ratio 0..1
 *     "count":   { "relative": 0.1, "absolute": 0 },
 *     "cpu":     { "relative": 0.5, "absolute": 15 },             % of one core
 *     "memory":  { "relative": 0.25, "absolute": 33554432 },      bytes
 *     "spread_factor": 1, "min_tail_samples": 5,
 *     "figures": { "erp_req_duration:p99": { "relative": 0.5 } },  per-figure override
 *     "ignore": ["http_req_tls_handshaking:*"] }                   `*` matches any text
 */
import { CompareError } from './compare-errors.ts';
import { readConfigFile } from '../../lib/config/read-config-file.ts';
import { FieldCheck } from '../../lib/config/field-check.ts';

export const TOLERANCE_KINDS = ['latency', 'rate', 'count', 'cpu', 'memory'] as const;
export type ToleranceKind = (typeof TOLERANCE_KINDS)[number];

export interface Tolerance {
  relative: number;
  absolute: number;
  /** Rates only: how many standard errors of sampling noise to allow. */
  z?: number;
}

export interface Tolerances {
  latency: Tolerance;
  rate: Tolerance;
  count: Tolerance;
  cpu: Tolerance;
  memory: Tolerance;
  spread_factor: number;
  min_tail_samples: number;
  figures: Record<string, Partial<Tolerance>>;
  ignore: string[];
}

/** What a file or the flags may give: every part optional. */
export interface ToleranceOverrides {
  latency?: Partial<Tolerance>;
  rate?: Partial<Tolerance>;
  count?: Partial<Tolerance>;
  cpu?: Partial<Tolerance>;
  memory?: Partial<Tolerance>;
  spread_factor?: number;
  min_tail_samples?: number;
  figures?: Record<string, Partial<Tolerance>>;
  ignore?: string[];
}

/**
 * Defaults sized for a shared 2-core machine and short CI-scale runs: latency percentiles
 * move by a fifth between identical runs there, so 25% (and 5 ms, below which sub-millisecond
 * phases like http_req_sending jitter freely) is the band; a doubled p99 is far outside it.
 */
export const DEFAULT_TOLERANCES: Tolerances = {
  latency: { relative: 0.25, absolute: 5 },
  rate: { relative: 0, absolute: 0.005, z: 3 },
  count: { relative: 0.1, absolute: 0 },
  cpu: { relative: 0.5, absolute: 15 },
  memory: { relative: 0.25, absolute: 32 * 1024 * 1024 },
  spread_factor: 1,
  min_tail_samples: 5,
  figures: {},
  ignore: [],
};

const TOLERANCE_KEYS = ['relative', 'absolute', 'z'] as const;
const TOP_KEYS = [...TOLERANCE_KINDS, 'spread_factor', 'min_tail_samples', 'figures', 'ignore'];

function checkTolerance(c: FieldCheck, v: unknown, path: string, allowZ: boolean): void {
  const t = c.obj(v, path);
  const known = allowZ ? TOLERANCE_KEYS : TOLERANCE_KEYS.filter((k) => k !== 'z');
  c.onlyKeys(t, known, path);
  for (const k of known) {
    const x = t[k];
    if (x === undefined) continue;
    // 25 meant as 25% would silently allow a 25-fold change
    if (k === 'relative' && typeof x === 'number' && x > 100) c.expected(`${path}.${k}`, 'a ratio (0.25 = 25%)', x);
    else c.num(x, `${path}.${k}`, 0);
  }
}

/** Every problem in a tolerances object (lib's FieldCheck format); empty when it is valid. Changes nothing. */
export function validateTolerances(raw: unknown): string[] {
  const c = new FieldCheck();
  const o = c.obj(raw, 'tolerances');
  c.onlyKeys(o, TOP_KEYS, '');
  for (const k of TOLERANCE_KINDS) if (o[k] !== undefined) checkTolerance(c, o[k], k, k === 'rate');
  if (o.spread_factor !== undefined) c.num(o.spread_factor, 'spread_factor', 0);
  if (o.min_tail_samples !== undefined) c.int(o.min_tail_samples, 'min_tail_samples', 0, Infinity);
  if (o.figures !== undefined) {
    const figures = c.obj(o.figures, 'figures');
    for (const [id, t] of Object.entries(figures)) checkTolerance(c, t, `figures["${id}"]`, true);
  }
  if (o.ignore !== undefined) c.strArr(o.ignore, 'ignore', 0, Infinity);
  return c.problems;
}

/** Defaults, then each override in order (a file, then the flags): one resolved value. */
export function resolveTolerances(...layers: ToleranceOverrides[]): Tolerances {
  const out: Tolerances = structuredClone(DEFAULT_TOLERANCES);
  for (const l of layers) {
    for (const k of TOLERANCE_KINDS) if (l[k]) out[k] = { ...out[k], ...l[k] };
    if (l.spread_factor !== undefined) out.spread_factor = l.spread_factor;
    if (l.min_tail_samples !== undefined) out.min_tail_samples = l.min_tail_samples;
    if (l.figures) out.figures = { ...out.figures, ...l.figures };
    if (l.ignore) out.ignore = [...out.ignore, ...l.ignore];
  }
  return out;
}

/** Reads and validates a tolerances file; throws PD_CMP_TOLERANCES_INVALID listing every problem. */
export function readTolerancesFile(path: string): ToleranceOverrides {
  return readConfigFile<ToleranceOverrides>(path, validateTolerances, (detail, cause) => new CompareError('PD_CMP_TOLERANCES_INVALID', detail, cause));
}

/** The tolerance for one figure: its kind's, with the figure's own override on top. */
export function toleranceFor(t: Tolerances, kind: ToleranceKind, figureId: string): Tolerance {
  return { ...t[kind], ...(t.figures[figureId] ?? {}) };
}

/** Whether a figure id matches an ignore pattern (`*` = any text, everything else literal). */
export function isIgnored(t: Tolerances, figureId: string): boolean {
  return t.ignore.some((p) => new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(figureId));
}
