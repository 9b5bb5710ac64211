/**
 * Trend memory, 1 M vs 10 M samples: a peakday Trend (HDR histogram + bounded time series)
 * against k6's approach (every value kept, here a plain JS array of numbers) in the same run.
 * Each case runs in its own child process with --expose-gc so heaps do not mix; memory is
 * heap + external + array buffers after a full GC, minus the same figure before the metric
 * existed. Samples are latency-like (log-normal around 40 ms) spread at 5,000/s of test
 * time, so 10 M samples span ~33 minutes and the time series has to downsample.
 *
 * Aim: the Trend's 10 M / 1 M ratio ≈ 1.0 (flat); k6-style grows ~10×. The Trend with its
 * time series is also shown: the series is bounded by its point cap, not flat below it.
 * Run: node --import tsx bench/runtime-trend-memory.bench.ts [--quick]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { verdict } from './support/processes.ts';

const T0 = 1_700_000_000_000;
const RATE = 5000;

interface Result {
  kind: string;
  n: number;
  bytes: number;
  ms: number;
  cpuMs: number;
  p99: number;
}

function memNow(): number {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
}

/**
 * Deterministic log-normal-ish latencies (no Math.random: same samples in every case): a
 * table of 1,000,003 values (a prime, so long runs do not line up with intervals) cycled.
 */
const TABLE = (() => {
  const t = new Float64Array(1_000_003);
  let x = 12345;
  for (let i = 0; i < t.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const u = (x + 1) / 2147483649;
    t[i] = 40 * Math.exp(0.6 * Math.sqrt(-2 * Math.log(u)) * Math.cos(i));
  }
  return t;
})();
function* samples(n: number): Generator<number> {
  for (let i = 0, j = 0; i < n; i++, j = j + 1 === TABLE.length ? 0 : j + 1) yield TABLE[j] as number;
}

async function child(kind: string, n: number): Promise<Result> {
  const { MetricsRegistry } = await import('../src/runtime/metrics/registry.ts');
  const before = memNow();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let p99 = 0;
  let keep: unknown;
  if (kind.startsWith('peakday')) {
    const r = new MetricsRegistry({ origin: T0, series: kind === 'peakday' ? undefined : false });
    r.define('d', 'trend', 'time');
    const tags = { scenario: 'promo' };
    let i = 0;
    for (const v of samples(n)) r.add('d', v, tags, T0 + (i++ * 1000) / RATE);
    p99 = r.get('d')!.sink.stat('p', 0, 99)!;
    keep = r;
  } else {
    const values: number[] = [];
    for (const v of samples(n)) values.push(v);
    const sorted = Float64Array.from(values).sort();
    p99 = sorted[Math.floor(0.99 * (sorted.length - 1))]!;
    keep = values;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const bytes = memNow() - before;
  if (!keep) throw new Error('unreachable');
  return { kind, n, bytes, ms, cpuMs: (cpu.user + cpu.system) / 1000, p99 };
}

function runChild(kind: string, n: number): Result {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', self, '--child', kind, String(n)], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`child ${kind} ${n} failed: ${r.stderr || r.error?.message}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Result;
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  const res = await child(argv[1]!, Number(argv[2]));
  process.stdout.write(`${JSON.stringify(res)}\n`);
} else {
  const quick = argv.includes('--quick');
  const small = quick ? 200_000 : 1_000_000;
  const big = small * 10;
  const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;
  const rows: Result[] = [];
  for (const kind of ['peakday', 'peakday-sink-only', 'k6-style array']) for (const n of [small, big]) rows.push(runChild(kind, n));
  console.log('case                      samples      memory   wall ms   cpu ms   p99 ms');
  for (const r of rows) {
    console.log(`${r.kind.padEnd(24)} ${String(r.n).padStart(9)} ${mb(r.bytes).padStart(11)} ${r.ms.toFixed(0).padStart(9)} ${r.cpuMs.toFixed(0).padStart(8)} ${r.p99.toFixed(2).padStart(8)}`);
  }
  const [p1, p10, s1, s10, k1, k10] = rows as [Result, Result, Result, Result, Result, Result];
  // flat: within 10% (allocation noise), where an array grows with the sample count
  console.log(`\npeakday Trend (sink) memory ${big / 1e6} M / ${small / 1e6} M samples: ${(s10.bytes / s1.bytes).toFixed(2)}×  aim flat (<= 1.1×)   ${verdict(s10.bytes / s1.bytes <= 1.1)}`);
  console.log(
    `peakday Trend + 1 s time series ${big / 1e6} M / ${small / 1e6} M: ${(p10.bytes / p1.bytes).toFixed(2)}× ` +
      `(the series grows until its 600-point cap, then downsamples: bounded, not flat below the cap)`,
  );
  console.log(`k6-style array memory ${big / 1e6} M / ${small / 1e6} M samples: ${(k10.bytes / k1.bytes).toFixed(2)}×`);
  console.log(`at ${big / 1e6} M samples peakday uses ${(p10.bytes / k10.bytes).toFixed(3)}× the k6-style memory; ns/sample peakday ${((p10.cpuMs * 1e6) / big).toFixed(0)} vs array ${((k10.cpuMs * 1e6) / big).toFixed(0)}`);
  console.log(`p99 agreement at ${big / 1e6} M: peakday ${p10.p99.toFixed(3)} ms vs exact ${k10.p99.toFixed(3)} ms (${((Math.abs(p10.p99 - k10.p99) / k10.p99) * 100).toFixed(3)}% off)`);
  console.log('(indicative: the machine is shared)');
}
