/**
 * Decides, call by call, which faults the mock injects: latency, errors, throttle storms,
 * hangs, and the webhook faults (drop, duplicate, reorder, delay).
 *
 * Contract with the server (which applies the decisions):
 * - `forRequest` is called once for every TikTok API call (not /__mock/), after routing;
 *   the server waits `delayMs`, then: `throttle` -> 429 / 36009002; `hangMs` -> hold the
 *   request that long (past any sane client timeout), then answer `error` (504 / 36009007)
 *   if the socket is still open; `error` -> answer it (`plain` = a bare status with a
 *   non-envelope body, as a gateway in front of TikTok would send); else serve normally.
 * - `forWebhook` is called once per published notification by the webhook dispatcher.
 *
 * Determinism: decisions come from xoshiro128** streams seeded by the seed string. Each route
 * key has its own stream, and webhooks have theirs, so a call's decision depends only on the
 * seed and on how many calls of the same endpoint came before it — not on how concurrent
 * traffic on other endpoints interleaved. Reconfiguring restarts the streams (and the epoch
 * of throttle windows), so a run replays from the moment its spec was applied.
 */
import { ERRORS } from '../errors.ts';
import { compileFaultSpec, emptyFaultSpec, type CompiledFaultSpec, type ThrottleFault } from './fault-spec.ts';
import { sampleLatency } from './latency-distribution.ts';
import { Prng } from './prng.ts';

export interface FaultDecision {
  /** Wait this long before answering (sum of every latency fault that applies). */
  delayMs: number;
  error?: { http: number; code: number; message: string; plain?: boolean };
  hangMs?: number;
  throttle?: boolean;
}

/** The decision of a quiet injector, shared: callers only read decisions. */
const NO_FAULT: FaultDecision = Object.freeze({ delayMs: 0 });

export interface WebhookFaultDecision {
  drop: boolean;
  duplicate: boolean;
  delayMs: number;
  reorder: boolean;
}

export const FAULT_KINDS = [
  'latency',
  'error',
  'throttle',
  'hang',
  'webhook_drop',
  'webhook_duplicate',
  'webhook_reorder',
  'webhook_delay',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Past this many distinct endpoints the streams are restarted: callers pass raw paths. */
const MAX_STREAMS = 10_000;

const THROTTLED = { http: ERRORS.TOO_MANY_REQUESTS.http, code: ERRORS.TOO_MANY_REQUESTS.code, message: ERRORS.TOO_MANY_REQUESTS.message };
const TIMED_OUT = { http: ERRORS.TIMEOUT.http, code: ERRORS.TIMEOUT.code, message: ERRORS.TIMEOUT.message };

export class FaultInjector {
  private raw: unknown = {};
  private compiled: CompiledFaultSpec = emptyFaultSpec();
  private seed: string;
  private epoch: number;
  private readonly streams = new Map<string, Prng>();
  private webhookRng: Prng;
  private readonly counts: Record<FaultKind, number> = zeroCounts();
  /** No request fault configured: the hot path returns at once. */
  private quiet = true;

  constructor(private readonly baseSeed: string) {
    if (typeof baseSeed !== 'string' || baseSeed.length === 0) throw new TypeError('invalid seed: expected a non-empty string');
    this.seed = baseSeed;
    this.epoch = Date.now();
    this.webhookRng = new Prng(this.seed + '\u0000webhooks');
  }

  /**
   * Replaces the active fault spec; returns every validation problem (nothing applied if any).
   * @param now activation time (Unix ms): throttle windows count from here.
   */
  configure(spec: unknown, now: number = Date.now()): string[] {
    const { problems, spec: compiled } = compileFaultSpec(spec);
    if (compiled === undefined) return problems;
    this.raw = structuredClone(spec);
    this.compiled = compiled;
    this.seed = compiled.seed ?? this.baseSeed;
    this.quiet = compiled.latency.length + compiled.errors.length + compiled.throttle.length + compiled.hangs.length === 0;
    this.restart(now);
    return [];
  }

  /** The spec in force, as it was given (a copy). */
  spec(): unknown {
    return structuredClone(this.raw);
  }

  /** Restarts the random streams and the throttle epoch and zeroes the counts; keeps the spec. */
  reset(now: number = Date.now()): void {
    this.restart(now);
    for (const k of FAULT_KINDS) this.counts[k] = 0;
  }

  forRequest(endpoint: string, now: number): FaultDecision {
    if (this.quiet) return NO_FAULT;
    const s = this.compiled;
    const rng = this.stream(endpoint);
    const d: FaultDecision = { delayMs: 0 };
    for (const f of s.latency) {
      if ((f.match === null || f.match(endpoint)) && rng.chance(f.share)) {
        d.delayMs += sampleLatency(f.dist, rng);
        this.counts.latency++;
      }
    }
    // One failure per call at most, cheapest for the client first: a storm answers at once,
    // a hang costs the client its timeout, an error comes last.
    for (const f of s.throttle) {
      if ((f.match === null || f.match(endpoint)) && inStorm(f, now - this.epoch) && rng.chance(f.share)) {
        this.counts.throttle++;
        d.throttle = true;
        d.error = { ...THROTTLED };
        return d;
      }
    }
    for (const f of s.hangs) {
      if ((f.match === null || f.match(endpoint)) && rng.chance(f.share)) {
        this.counts.hang++;
        d.hangMs = f.ms;
        d.error = { ...TIMED_OUT };
        return d;
      }
    }
    for (const f of s.errors) {
      if ((f.match === null || f.match(endpoint)) && rng.chance(f.share)) {
        this.counts.error++;
        d.error = f.envelope
          ? { http: f.http, code: ERRORS.INTERNAL_ERROR.code, message: ERRORS.INTERNAL_ERROR.message }
          : { http: f.http, code: ERRORS.INTERNAL_ERROR.code, message: `HTTP ${f.http}`, plain: true };
        return d;
      }
    }
    return d;
  }

  /** `now` is accepted for symmetry and future time-windowed webhook faults. */
  forWebhook(_now: number): WebhookFaultDecision {
    const w = this.compiled.webhooks;
    const rng = this.webhookRng;
    if (rng.chance(w.drop)) {
      this.counts.webhook_drop++;
      return { drop: true, duplicate: false, delayMs: 0, reorder: false };
    }
    const duplicate = rng.chance(w.duplicate);
    const reorder = rng.chance(w.reorder);
    let delayMs = 0;
    if (w.delay !== null && rng.chance(w.delay.share)) {
      delayMs = sampleLatency(w.delay.dist, rng);
      this.counts.webhook_delay++;
    }
    if (duplicate) this.counts.webhook_duplicate++;
    if (reorder) this.counts.webhook_reorder++;
    return { drop: false, duplicate, delayMs, reorder };
  }

  /** How long a reordered notification may wait for a later one (from the spec). */
  reorderHoldMs(): number {
    return this.compiled.webhooks.reorderHoldMs;
  }

  /** Faults injected, by kind. */
  stats(): Record<string, number> {
    return { ...this.counts };
  }

  private restart(now: number): void {
    this.epoch = now;
    this.streams.clear();
    this.webhookRng = new Prng(this.seed + '\u0000webhooks');
  }

  private stream(endpoint: string): Prng {
    let p = this.streams.get(endpoint);
    if (p === undefined) {
      if (this.streams.size >= MAX_STREAMS) this.streams.clear();
      p = new Prng(this.seed + '\u0000request\u0000' + endpoint);
      this.streams.set(endpoint, p);
    }
    return p;
  }
}

/** Is `rel` (ms since activation) inside one of the storm's windows? */
function inStorm(f: ThrottleFault, rel: number): boolean {
  if (f.periodic) {
    const t = rel - f.periodic.offsetMs;
    return t >= 0 && t % f.periodic.periodMs < f.periodic.durationMs;
  }
  if (f.windows) for (const [a, b] of f.windows) if (rel >= a && rel < b) return true;
  return false;
}

function zeroCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}
