/**
 * The run result: one serialisable object that summary.json holds and every report
 * (terminal, JUnit, HDR logs, report.html) receives. Nothing else crosses from the harness to
 * the reports, so a report can always be rebuilt from summary.json alone.
 *
 * Conventions: keys are snake_case (a file format, read by other tools); absolute times are
 * Unix milliseconds; series times `t` are milliseconds since `started_at`; durations are ms;
 * shares are ratios 0..1; CPU is percent of ONE core (a process using two full cores shows 200).
 * Latency truth is the encoded HDR histogram (`hdr`, LatencyHistogram.encode()); the figures
 * next to it are conveniences computed from it.
 *
 * This file imports nothing: everything summary.json holds is defined here, and the standards,
 * the harness and the reports import it, never the other way round.
 */

/** Bump when a field changes meaning or is removed; readers refuse other versions. */
export const RUN_RESULT_SCHEMA_VERSION = 1;

/** A k6 metric type, as the runtime's summary reports it. */
export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

/** What a metric's values are: durations (ms), data (bytes) or plain numbers. */
export type MetricContains = 'time' | 'data' | 'default';

/** The end-to-end lags the harness measures from the mock's history (listed in metric-names.ts). */
export type LagMetric = 'inventory_sync_lag' | 'order_ingest_lag' | 'shipment_sync_lag' | 'webhook_ack_duration' | 'order_pickup_lag';

/** Comparison operators, as in k6's threshold grammar (`===` and `!=` left out on purpose: a limit is a bound). */
export type Operator = '<=' | '<' | '>=' | '>' | '==';

/**
 * Units a limit is written in. `ms` for durations, `ratio` for shares (0..1, shown as %),
 * `count` for counts, `per_s` for a counter's rate, `value` for a gauge.
 */
export type Unit = 'ms' | 'ratio' | 'count' | 'per_s' | 'value';

/**
 * When the load generator itself fell behind, latency figures describe the generator, not
 * the stack: the run is then `untrusted`. These bound "fell behind".
 */
export interface TrustLimits {
  /** dropped / (completed + dropped) iterations above this share (0..1) is untrusted. */
  dropped_iterations_max_share: number;
  /** p99 of how late iterations started, in ms, above this is untrusted. */
  iteration_start_delay_p99_max_ms: number;
  /** A generator CPU sample above this percent of one core counts as saturated... */
  generator_cpu_saturated_percent: number;
  /** ...and saturated samples above this share (0..1) of all samples is untrusted. */
  generator_cpu_saturated_max_share: number;
}

export type RunStatus = 'completed' | 'interrupted' | 'aborted';
export type ProcessRole = 'generator' | 'mock' | 'stack' | 'erp-shim';
export type Verdict = 'pass' | 'fail' | 'untrusted';

/** One point of a sampled series: `t` ms since the run started, `v` the value. */
export interface SeriesPoint {
  t: number;
  v: number;
}

/** CPU and memory of one process over the run, sampled by the harness. */
export interface ProcessStats {
  role: ProcessRole;
  pid: number;
  /** Percent of one core per sample; avg and max over the samples. */
  cpu: { series: SeriesPoint[]; avg: number; max: number };
  /** Resident set size in bytes per sample, and its maximum. */
  rss: { series: SeriesPoint[]; max_bytes: number };
  /** The process's own event-loop delay p99 in ms (worst interval), when it reports one. */
  event_loop_delay_p99_ms?: number;
  /** Per-sample p99 event-loop delay (ms), when the process reports one: drift in a soak. */
  event_loop_delay?: { series: SeriesPoint[] };
  /** Used heap (bytes) after each major GC, when the process reports itself (empty: none happened): the memory a soak judges. */
  heap_after_gc?: { series: SeriesPoint[] };
}

/** One interval of a metric's series: `t` is the interval's end, ms since start. */
export interface MetricSeriesPoint {
  t: number;
  /** Samples in the interval (requests, orders, webhooks...). */
  count: number;
  /** Trends only: percentiles and max of the interval, ms. */
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  /** Rates only: share of true samples in the interval. */
  rate?: number;
}

/** A metric as the runtime's end-of-test summary gives it, plus its histogram and series. */
export interface MetricSummary {
  type: MetricType;
  contains: MetricContains;
  /** k6 summary values: Trend avg/min/med/max/p(90)/p(95)…, Rate rate/passes/fails, Counter count/rate, Gauge value/min/max. */
  values: Record<string, number>;
  /** Trends: the encoded LatencyHistogram of every sample, so any percentile can be taken exactly. */
  hdr?: string;
  series?: MetricSeriesPoint[];
}

/** An end-to-end lag measured by the harness from the mock's history. */
export interface LagSummary {
  /** Encoded LatencyHistogram (ms). */
  hdr: string;
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Per-interval percentiles, when the harness kept them (drift in soak runs). */
  series?: MetricSeriesPoint[];
}

/** A count from the reconciliation, with a few ids to look up. */
export interface ReconCount {
  count: number;
  /** At most a handful of ids (order ids, package ids); the count is the truth. */
  examples: string[];
}

export interface ConvergenceMismatch {
  shop_id: string;
  seller_sku: string;
  warehouse_id: string;
  platform: number;
  erp: number;
}

/** The ledger after drain (docs/flows.md): what the accuracy standards read. */
export interface Reconciliation {
  /** True when sync settled within the bounded drain; false when the drain timed out. */
  drained: boolean;
  drain_ms: number;
  converged: { checked: number; mismatched: number; examples: ConvergenceMismatch[] };
  /** Orders accepted by the platform and compared with the ERP. */
  orders_checked: number;
  lost_orders: ReconCount;
  oversold_orders: ReconCount;
  duplicate_allocations: ReconCount;
  duplicate_shipments: ReconCount;
  /** Shipments the ERP made, each compared with the platform's packages. */
  shipments_checked: number;
  /** Platform tracking differing from what the warehouse issued, or a platform shipment the ERP never made. */
  tracking_mismatches: ReconCount;
  /** Orders still unshipped at the end (informational; the scenario decides whether all should ship). */
  unshipped?: ReconCount;
  /** The reverse flows (src/harness/reconcile-reverse.ts); absent in results written before they were checked. */
  reverse?: ReverseChecks;
}

/** Cancellations, buyers' requests and returns after drain. */
export interface ReverseChecks {
  /** Orders the platform cancelled. */
  cancellations_checked: number;
  /** Cancelled orders whose stock the ERP still holds, or that a shop does not show back on sale as the ERP offers it. */
  cancelled_still_held: ReconCount;
  /** Cancelled orders the ERP shipped, or that have a package with tracking on the platform. */
  cancelled_shipped: ReconCount;
  /** Informational: cancelled orders whose parcel left before the ERP learned of the cancellation (a race; parcels to recall). Absent in results written before it was counted. */
  cancelled_in_transit?: ReconCount;
  returns_checked: number;
  /** Orders whose restocked units differ from what came back (all units of an accepted return; none otherwise). */
  returns_misstocked: ReconCount;
  /** Cancellation requests and returns the buyers made. */
  requests_checked: number;
  /** Requests still waiting for the seller's decision after the drain. */
  requests_unanswered: ReconCount;
}

/** How well the load generator kept up: what trust is judged on. */
export interface GeneratorHealth {
  iterations: number;
  dropped_iterations: number;
  /** p99 of iteration_start_delay in ms; absent when the runtime did not report it. */
  iteration_start_delay_p99_ms?: number;
  cpu_max_percent?: number;
  /** Share (0..1) of CPU samples above the trust file's saturation percent. */
  cpu_saturated_share?: number;
}

/** Faults the mock injected on purpose, counted by kind (throttle, 5xx, slow, webhook_drop, …). */
export interface FaultsInjected {
  total: number;
  by_kind: Record<string, number>;
}

export interface TrustAssessment {
  trusted: boolean;
  /** Each names the figure and its limit, e.g. "dropped 4.2% of iterations (limit 1%)". */
  reasons: string[];
  /** The limits judged against (the standards file's `trust` section). */
  limits?: TrustLimits;
}

/** Paths of the files written, relative to `dir`. */
export interface ResultFiles {
  dir: string;
  summary: string;
  junit: string;
  report: string;
  /** metric name -> .hlog file. */
  hlogs: Record<string, string>;
}

export interface Machine {
  cpus: number;
  cpu_model: string;
  memory_bytes: number;
  /** e.g. "linux 6.1.0 x64". */
  os: string;
}

export interface Versions {
  peakday: string;
  node: string;
  /** The standards file version and source in force. */
  standards: string;
}

/** Everything the harness measured; judging adds standards, trust and verdict. */
export interface RunMeasurements {
  schema_version: typeof RUN_RESULT_SCHEMA_VERSION;
  scenario: string;
  status: RunStatus;
  /** Why the run was interrupted or aborted (user text allowed: always escaped when shown). */
  status_reason?: string;
  started_at: number;
  ended_at: number;
  /** What the scenario planned, so an interrupted run shows how far it got. */
  planned_duration_ms?: number;
  seed: number;
  scale: number;
  /** Resolved run configuration. Never secrets: writers redact keys named like secret/token/password. */
  config: Record<string, unknown>;
  versions: Versions;
  machine: Machine;
  processes: ProcessStats[];
  /** Length of one series interval in ms (for rates: count / interval). */
  series_interval_ms: number;
  metrics: Record<string, MetricSummary>;
  lags: Partial<Record<LagMetric, LagSummary>>;
  /** Absent when the run ended before reconciliation. */
  reconciliation?: Reconciliation;
  generator: GeneratorHealth;
  faults?: FaultsInjected;
  /**
   * Where the run broke: per percentile standard, the first moment its per-second figure stayed
   * past the limit for 3 s, and the order rate offered then (stress; any run that breaks). Empty
   * or absent when nothing broke.
   */
  breaking_points?: BreakingPoint[];
  /** The 5 s in which the most orders were offered, with each process's CPU then: how far the run went. Absent without orders, or in results written before it was kept. */
  top_load?: TopLoad;
  /** Growth per minute over the run's second half of every process's memory and delay and every lag (src/harness/drift.ts). */
  drift?: DriftFigure[];
  /** With `--platform-only`: what the platform alone saw of the integration (src/harness/platform-only-figures.ts). */
  platform_only?: PlatformOnlyFigures;
  /** Calls per second per shop, per endpoint, from the platform's own count (src/harness/call-rates.ts); absent when the mock keeps none. */
  call_rates?: CallRates;
  /** Metric -> why it could not be measured (e.g. the mock is older than the figure); its standards are shown as not measured with this reason. */
  unmeasured?: Record<string, string>;
  /** With `--erp-adapter`: the shim's own overhead, the ERP's latency behind it, and where the change log came from. */
  erp_shim?: ErpShimFigures;
}

/** A latency distribution in brief, with its encoded histogram (ms). */
export interface LatencyBrief {
  hdr: string;
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * How fast the integration called the platform: per route key, the limit the mock enforced per
 * shop and each shop's calls (throttled ones included) in 1-second windows of the mock's clock.
 */
export interface CallRates {
  endpoints: CallRateEndpoint[];
}

export interface CallRateEndpoint {
  /** Route key, e.g. "POST /product/202309/products/{product_id}/inventory/update". */
  endpoint: string;
  /** The mock's configured limit per shop: calls per second sustained, and the burst its bucket holds. */
  qps: number;
  burst: number;
  /** The most calls the platform admits from one shop in one 1-second window: qps + burst. */
  window_limit: number;
  shops: CallRateShop[];
}

export interface CallRateShop {
  shop_id: string;
  /** Seconds with at least one call; the percentiles are over these. */
  seconds: number;
  calls: number;
  /** Calls in the busiest second, and the 99th percentile of calls per second. */
  peak: number;
  p99: number;
  /** Seconds with more calls than `window_limit`. */
  seconds_over: number;
}

/** A platform-only run's own figures; the standards judge them through metrics of the same names. */
export interface PlatformOnlyFigures {
  /** On hand per SKU × warehouse the user declared (`--initial-stock`). */
  declared_stock: number;
  /** Orders the platform accepted during the run. */
  orders_accepted: number;
  /** Of those, the ones whose detail the integration never read. */
  orders_unread: ReconCount;
  stock_cells_checked: number;
  /** Shop × SKU × warehouse quantities above the declared stock less what the run's orders took. */
  stock_over_declared: ReconCount;
  /** The rate limit's 429s (each with Retry-After) and the calls made inside a Retry-After, by route key; absent when the mock keeps no such figures. */
  rate_limit?: { throttled: number; early_calls: Record<string, number> };
  /** Orders of the run the integration shipped with tracking, and the time from order to shipment. */
  shipped_orders: number;
  order_to_shipment?: LatencyBrief;
}

export interface ErpShimFigures {
  adapter: string;
  requests: number;
  /** Per request: time in the shim less time inside the adapter (the network hop to it excluded). */
  overhead: LatencyBrief;
  /** Per adapter operation: time inside the adapter, i.e. the ERP's latency as the shim sees it. */
  erp_latency: Record<string, LatencyBrief>;
  idempotent_replays: number;
  /**
   * `erp`: the adapter's own change log (lags exact as far as the ERP's timestamps are).
   * `derived`: built by the shim; changes it wrote are exact, changes found by polling are stamped
   * early, so their lags are upper bounds, over by at most `polled_bound_ms`.
   */
  change_log:
    | { source: 'erp' }
    | { source: 'derived'; exact_changes: number; polled_changes: number; poll_interval_ms: number; polls: number; polled_bound_ms: number; longest_poll_ms: number; dropped_changes: number; poll_failures: number };
}

export interface DriftFigure {
  what: string;
  /** Growth per minute over the figure's window (bytes for memory, ms otherwise). */
  per_min: number;
  /** The figure's mean over its window, for scale. */
  mean: number;
  points: number;
  /** How long the window spans (ms): the second half of the run, or after its first quarter for heap after GC. */
  window_ms: number;
}

export interface BreakingPoint {
  standard: string;
  metric: string;
  /** Seconds since the start of the load when the breach began. */
  at_s: number;
  /** Orders per second the generator offered (placed + sold out) in the 5 s before. */
  order_rate: number;
  /** The per-second percentile that broke the limit, ms. */
  value: number;
  limit: number;
  /** Each process's CPU around the break: from the 5 s the rate is taken over to the end of the 3 s breach. Absent in results written before it was kept. */
  cpu?: BreakCpu[];
  /**
   * Whose limit the break is: `generator` when the generator's CPU around it was saturated by
   * the trust rule (the standards file's `trust`), so the break says nothing of the stack;
   * `stack` otherwise. Absent in results written before it was judged.
   */
  limited_by?: 'stack' | 'generator';
}

/**
 * The 5 s in which the generator offered the most orders, and each process's CPU over them: a
 * run that did not break went at least this far, and whether the generator could have offered
 * more says whether the stack's break point lies above it or was never reached.
 */
export interface TopLoad {
  /** Seconds since the start of the load at the end of those 5 s. */
  at_s: number;
  /** Orders per second offered (placed + sold out) over them. */
  order_rate: number;
  cpu: BreakCpu[];
  /** The generator's CPU there was saturated by the trust rule: it could not have offered more. */
  generator_saturated: boolean;
}

/** One process's CPU over the seconds around a break. */
export interface BreakCpu {
  role: ProcessRole;
  pid: number;
  /** The process's per-second samples in the window (percent of one core; `t` ms since start). */
  series: SeriesPoint[];
  /** Mean and maximum of those samples. */
  avg: number;
  max: number;
}

/** A judged run: what summary.json holds. */
export interface RunResult extends RunMeasurements {
  standards: StandardJudgment[];
  trust: TrustAssessment;
  verdict: Verdict;
  /** One line per reason behind the verdict, most important first. */
  verdict_reasons: string[];
  /** Filled by writeResults; absent before the files exist. */
  files?: ResultFiles;
}

/** A standard is judged on a metric the run recorded, or on the reconciliation ledger. */
export type StandardKind = 'metric' | 'accuracy';

export type StandardVerdict = 'pass' | 'fail' | 'not-measured' | 'disabled';

/** One standard judged on one run: a row of every report. */
export interface StandardJudgment {
  id: string;
  title: string;
  kind: StandardKind;
  /** What is compared, e.g. `p(99) <= 500 ms` or `<= 0`. */
  limit_text: string;
  /** The comparison itself (absent for a disabled standard), so reports can draw the limit. */
  op?: Operator;
  limit?: number;
  /** Metric standards: the metric and stat judged. Accuracy standards: the check. */
  metric?: string;
  stat?: string;
  check?: string;
  /** The measured figure in the standard's unit; null when not measured. */
  measured: number | null;
  /** The measured figure as shown, e.g. `312 ms`, `99.95%`, `2 orders`, or `—`. */
  measured_text: string;
  unit: Unit;
  verdict: StandardVerdict;
  /** Why, in a sentence: examples of failing ids, why not measured, the override reason. */
  detail: string;
  grounding: string;
}
