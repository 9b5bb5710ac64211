/**
 * The fault spec: what the mock does wrong on purpose, as JSON set at start (`--faults`) or
 * at run time through the control API. Documented with examples in mocks/README.md
 * ("Faults, rate limits and webhooks").
 *
 *   {
 *     "seed": "optional, overrides the mock's seed",
 *     "latency":  {kind: fixed|uniform|lognormal, ...distribution, share?, endpoints?} | [...],
 *     "errors":   {share, status? (500..599, default 500), envelope?, endpoints?} | [...],
 *     "throttle": {periodMs, durationMs, offsetMs?, share?, endpoints?}
 *               | {windows: [[startMs, endMs], ...], share?, endpoints?} | [...],
 *     "hangs":    {share, ms, endpoints?} | [...],
 *     "webhooks": {drop?, duplicate?, reorder?, reorderHoldMs?, delay?: {share, ...distribution}}
 *   }
 *
 * Validation reports every problem with its path, rejects unknown keys, and returns a compiled
 * spec only when there is no problem at all: a half-applied fault spec would make a run's
 * results mean something other than what its author wrote.
 */
import { compileEndpointFilter, type EndpointMatcher } from './endpoint-pattern.ts';
import { DISTRIBUTION_KEYS, MAX_LATENCY_MS, readDistribution, type LatencyDistribution } from './latency-distribution.ts';
import { describeValue } from '../../../lib/config/field-check.ts';
import { ObjectReader } from '../../../lib/config/object-reader.ts';

/** null = every endpoint. */
type Match = EndpointMatcher | null;

export interface LatencyFault { dist: LatencyDistribution; share: number; match: Match }
export interface ErrorFault { share: number; http: number; envelope: boolean; match: Match }
export interface ThrottleFault {
  share: number;
  match: Match;
  /** Every periodMs (from offsetMs after activation), calls are throttled for durationMs. */
  periodic?: { periodMs: number; durationMs: number; offsetMs: number };
  /** [start, end) offsets in ms after activation. */
  windows?: [number, number][];
}
export interface HangFault { share: number; ms: number; match: Match }
export interface WebhookFaults {
  drop: number;
  duplicate: number;
  reorder: number;
  /** A reordered notification waits at most this long for a later one to overtake it. */
  reorderHoldMs: number;
  delay: { share: number; dist: LatencyDistribution } | null;
}

export interface CompiledFaultSpec {
  seed?: string;
  latency: LatencyFault[];
  errors: ErrorFault[];
  throttle: ThrottleFault[];
  hangs: HangFault[];
  webhooks: WebhookFaults;
}

const ROOT_KEYS = ['seed', 'latency', 'errors', 'throttle', 'hangs', 'webhooks'];
const MAX_OFFSET_MS = 7 * 24 * 3_600_000;
export const DEFAULT_REORDER_HOLD_MS = 1000;

export const NO_WEBHOOK_FAULTS: Readonly<WebhookFaults> = Object.freeze({ drop: 0, duplicate: 0, reorder: 0, reorderHoldMs: DEFAULT_REORDER_HOLD_MS, delay: null });

export function emptyFaultSpec(): CompiledFaultSpec {
  return { latency: [], errors: [], throttle: [], hangs: [], webhooks: { ...NO_WEBHOOK_FAULTS } };
}

/** Validates and compiles; `spec` is set only when `problems` is empty. */
export function compileFaultSpec(raw: unknown): { problems: string[]; spec?: CompiledFaultSpec } {
  const problems: string[] = [];
  const root = ObjectReader.of(raw, '', problems, 'spec');
  if (!root) return { problems };
  root.rejectUnknown(ROOT_KEYS);
  const spec = emptyFaultSpec();
  if (root.has('seed')) {
    const s = root.get('seed');
    if (typeof s !== 'string' || s.length === 0) root.problem('seed', `expected a non-empty string, got ${describeValue(s)}`);
    else spec.seed = s;
  }
  spec.latency = each(root, 'latency', problems, readLatency);
  spec.errors = each(root, 'errors', problems, readError);
  spec.throttle = each(root, 'throttle', problems, readThrottle);
  spec.hangs = each(root, 'hangs', problems, readHang);
  if (root.has('webhooks')) {
    const w = ObjectReader.of(root.get('webhooks'), 'webhooks', problems);
    if (w) spec.webhooks = readWebhooks(w, problems);
  }
  return problems.length === 0 ? { problems, spec } : { problems };
}

/** A fault key holds one object or a list of them; each is read with its own path. */
function each<T>(root: ObjectReader, key: string, problems: string[], read: (r: ObjectReader) => T | undefined): T[] {
  if (!root.has(key)) return [];
  const v = root.get(key);
  const items = Array.isArray(v) ? v.map((x, i) => [x, `${key}[${i}]`] as const) : [[v, key] as const];
  const out: T[] = [];
  for (const [x, path] of items) {
    const r = ObjectReader.of(x, path, problems);
    const f = r ? read(r) : undefined;
    if (f !== undefined) out.push(f);
  }
  return out;
}

function readMatch(r: ObjectReader): Match {
  const list = r.stringList('endpoints');
  if (list === undefined) return null;
  if (list.length === 0) {
    r.problem('endpoints', 'expected at least one pattern (leave the key out to mean every endpoint)');
    return null;
  }
  const f = compileEndpointFilter(list);
  for (const p of f.problems) r.problem('endpoints', p);
  return f.match;
}

function readLatency(r: ObjectReader): LatencyFault | undefined {
  r.rejectUnknown([...DISTRIBUTION_KEYS, 'share', 'endpoints']);
  const dist = readDistribution(r);
  const share = r.share('share', 1);
  const match = readMatch(r);
  return dist && { dist, share, match };
}

function readError(r: ObjectReader): ErrorFault | undefined {
  r.rejectUnknown(['share', 'status', 'envelope', 'endpoints']);
  const share = r.number('share', { min: 0, max: 1, required: true });
  const http = r.number('status', { min: 500, max: 599, integer: true }) ?? 500;
  // 500 is TikTok's own answer (36009003 in the envelope); another 5xx reads like a gateway's.
  const envelope = r.boolean('envelope') ?? http === 500;
  const match = readMatch(r);
  return share === undefined ? undefined : { share, http, envelope, match };
}

function readThrottle(r: ObjectReader): ThrottleFault | undefined {
  r.rejectUnknown(['periodMs', 'durationMs', 'offsetMs', 'windows', 'share', 'endpoints']);
  const before = r.count;
  const share = r.share('share', 1);
  const match = readMatch(r);
  const periodicKeys = r.has('periodMs') || r.has('durationMs') || r.has('offsetMs');
  if (periodicKeys === r.has('windows')) {
    r.problem('windows', 'give either periodMs and durationMs (a repeating storm), or windows (a schedule), not both');
    return undefined;
  }
  if (periodicKeys) {
    const periodMs = r.number('periodMs', { min: 1, max: MAX_OFFSET_MS, required: true });
    const durationMs = r.number('durationMs', { min: 0, exclusiveMin: true, max: MAX_OFFSET_MS, required: true });
    const offsetMs = r.number('offsetMs', { min: 0, max: MAX_OFFSET_MS }) ?? 0;
    if (periodMs !== undefined && durationMs !== undefined && durationMs > periodMs) r.problem('durationMs', `must be <= periodMs (${periodMs}), got ${durationMs}`);
    if (r.count !== before || periodMs === undefined || durationMs === undefined) return undefined;
    return { share, match, periodic: { periodMs, durationMs, offsetMs } };
  }
  const w = r.get('windows');
  const windows: [number, number][] = [];
  if (!Array.isArray(w) || w.length === 0) r.problem('windows', `expected a non-empty list of [startMs, endMs], got ${describeValue(w)}`);
  else {
    w.forEach((pair, i) => {
      const ok =
        Array.isArray(pair) && pair.length === 2 && pair.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= MAX_OFFSET_MS);
      if (!ok || (pair as number[])[0]! >= (pair as number[])[1]!) {
        r.problem(`windows[${i}]`, `expected [startMs, endMs] with 0 <= startMs < endMs <= ${MAX_OFFSET_MS}, got ${JSON.stringify(pair)}`);
      } else windows.push([pair[0], pair[1]]);
    });
  }
  return r.count === before ? { share, match, windows } : undefined;
}

function readHang(r: ObjectReader): HangFault | undefined {
  r.rejectUnknown(['share', 'ms', 'endpoints']);
  const share = r.number('share', { min: 0, max: 1, required: true });
  const ms = r.number('ms', { min: 0, exclusiveMin: true, max: MAX_LATENCY_MS, required: true });
  const match = readMatch(r);
  return share === undefined || ms === undefined ? undefined : { share, ms, match };
}

function readWebhooks(r: ObjectReader, problems: string[]): WebhookFaults {
  r.rejectUnknown(['drop', 'duplicate', 'reorder', 'reorderHoldMs', 'delay']);
  const out: WebhookFaults = {
    drop: r.share('drop', 0),
    duplicate: r.share('duplicate', 0),
    reorder: r.share('reorder', 0),
    reorderHoldMs: r.number('reorderHoldMs', { min: 0, max: MAX_LATENCY_MS }) ?? DEFAULT_REORDER_HOLD_MS,
    delay: null,
  };
  if (r.has('delay')) {
    const d = ObjectReader.of(r.get('delay'), r.at('delay'), problems);
    if (d) {
      d.rejectUnknown([...DISTRIBUTION_KEYS, 'share']);
      const share = d.number('share', { min: 0, max: 1, required: true });
      const dist = readDistribution(d);
      if (share !== undefined && dist) out.delay = { share, dist };
    }
  }
  return out;
}
