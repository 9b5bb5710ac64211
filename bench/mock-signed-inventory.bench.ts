/**
 * Benchmark: signed `inventory/update` requests per second through the mock TikTok Shop, on one
 * core, next to a plain node:http server answering the same JSON payload, in the same run.
 *
 *   node --import tsx bench/mock-signed-inventory.bench.ts [--seconds N] [--cpu-prof-dir DIR]
 *
 * `--cpu-prof-dir DIR` runs the mock's process with `node --cpu-prof`: its profile of the whole
 * run (every phase) is written to DIR when it stops, for Chrome DevTools' Performance panel.
 *
 * Aims: >= 15,000 signed req/s on one core; p99 < 5 ms at 5,000 req/s (issue 2, point 11);
 * >= 0.7x plain node:http in requests per server CPU-second and <= 2x its CPU at 5,000 req/s
 * (issue 14, 4).
 *
 * Set-up and why:
 * - Each server runs in its own child process pinned to CPU 0 (`taskset -c 0`); this process
 *   (autocannon, the driver) pins itself to the other CPUs, so driver and server never share a
 *   core and "one core" means one core.
 * - The requests are signed before the run (signing is the client's cost, not the mock's); 200
 *   distinct quantities, so the mock really writes state. The timestamp stays valid 5 minutes.
 * - Rate limits are lifted (`defaultQps: 1e9`) and no faults are set: we measure the mock's
 *   pipeline (route, verify HMAC, token, cipher, limiter, fault decision, parse, apply, answer),
 *   not its throttling. Every answer is checked: autocannon's non-2xx count must be 0, and the
 *   mock's own stats must show code 0 (signature accepted) for every call it served.
 * - Figures: max req/s (64 connections; two alternating rounds, best of each side), then
 *   p50/p99 at a fixed 5,000 req/s (autocannon overallRate, coordinated-omission corrected,
 *   1 ms resolution), the mock's own p99 (HDR, µs resolution), and each process's CPU from
 *   /proc/<pid>/stat, hence requests per server CPU-second (one core's capacity). On a shared
 *   machine absolute numbers move; the ratios to the plain server are the figures.
 * - The peer is the same HTTP exchange without the API: it reads each request's body and answers
 *   the mock's own first answer, so both send the same bytes (status line, the same headers, an
 *   envelope of the same length); what is left between them is the mock's work per call.
 * - Calibration: a third server, plain node:http plus BUSY_US of busy computation per request,
 *   runs in the same rounds. Its ratio says what that much extra work costs a server here: on
 *   loopback the kernel charges each answer's delivery (and the wake-up of a driver idling in
 *   epoll) to the server that writes it, so a server slower than the driver pays more kernel time
 *   per request than plain node:http, which keeps the driver busy. The aim's room is smaller than
 *   the arithmetic of CPU per request would say.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { signRequest } from '../lib/tiktok/signature.ts';
import { cpuSeconds, hasTaskset, selfCpuSeconds, servePlain, startChild, stopChild, verdict } from './support/processes.ts';

/** The part of autocannon's API used here (the package ships no types). */
interface AcRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
interface AcResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  pipelining: number;
  duration: number;
  requests: AcRequest[];
  overallRate?: number;
}) => Promise<AcResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SELF = fileURLToPath(import.meta.url);
const TARGET_RPS = 15_000;
const FIXED_RATE = 5_000;
const TARGET_P99_MS = 5;
/** The calibration server's extra busy work per request (µs): about what a 0.7x ratio leaves room for. */
const BUSY_US = 4;

interface MockReady {
  url: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  cipher: string;
  productId: string;
  skuId: string;
  warehouseIds: string[];
}

// ---------------------------------------------------------------- children
async function childMock(): Promise<void> {
  const { startMock } = await import('../mocks/tiktok-shop/server.ts');
  const m = await startMock({ port: 0, seed: 'bench', shops: 3, skus: 200, warehouses: 3, rateLimit: { defaultQps: 1e9 } });
  const product = m.platform.catalog.products[0];
  const sku = product?.skus[0];
  const shop = m.shops[0];
  if (!product || !sku || !shop) throw new Error('bench: the mock catalog is empty');
  const ready: MockReady = {
    url: m.url,
    appKey: m.appKey,
    appSecret: m.appSecret,
    accessToken: m.accessToken,
    cipher: shop.cipher,
    productId: product.id,
    skuId: sku.id,
    warehouseIds: m.platform.catalog.warehouses.map((w) => w.id),
  };
  // The one stdout line goes to the parent's pipe only; it is never printed.
  process.stdout.write(JSON.stringify(ready) + '\n');
  const stop = () => void m.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// ---------------------------------------------------------------- helpers
const startMockChild = (args: string[], nodeFlags: string[] = []) => startChild(SELF, args, 0, nodeFlags);

interface Phase {
  rps: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  serverCpu: number | undefined;
  driverCpu: number;
}

async function phase(url: string, requests: AcRequest[], pid: number, opts: { seconds: number; connections: number; rate?: number }): Promise<Phase> {
  const c0 = cpuSeconds(pid);
  const d0 = selfCpuSeconds();
  const t0 = performance.now();
  const r = await autocannon({
    url,
    connections: opts.connections,
    pipelining: 1,
    duration: opts.seconds,
    requests,
    ...(opts.rate !== undefined ? { overallRate: opts.rate } : {}),
  });
  const wall = (performance.now() - t0) / 1000;
  const c1 = cpuSeconds(pid);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    total: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    serverCpu: c0 !== undefined && c1 !== undefined ? (c1 - c0) / wall : undefined,
    driverCpu: (selfCpuSeconds() - d0) / wall,
  };
}

function signedRequests(m: MockReady, n: number): AcRequest[] {
  const path = `/product/202309/products/${m.productId}/inventory/update`;
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) => {
    const body = JSON.stringify({
      skus: [{ id: m.skuId, inventory: m.warehouseIds.map((w, j) => ({ warehouse_id: w, quantity: (i * 7 + j) % 1000 })) }],
    });
    const query = { app_key: m.appKey, timestamp: String(timestamp), shop_cipher: m.cipher };
    const sign = signRequest({ path, query, body, contentType: 'application/json' }, m.appSecret);
    const qs = new URLSearchParams({ ...query, sign }).toString();
    return {
      method: 'POST',
      path: `${path}?${qs}`,
      headers: { 'content-type': 'application/json', 'x-tts-access-token': m.accessToken },
      body,
    };
  });
}

async function mockStats(url: string): Promise<{ calls: number; byCode: Record<string, number>; p99: number }> {
  const res = await fetch(`${url}/__mock/stats`);
  const j = (await res.json()) as { data: { endpoints: Record<string, { calls: number; by_code: Record<string, number>; p99_ms: number }> } };
  const e = Object.entries(j.data.endpoints).find(([k]) => k.endsWith('/inventory/update'))?.[1];
  return { calls: e?.calls ?? 0, byCode: e?.by_code ?? {}, p99: e?.p99_ms ?? 0 };
}

async function mockReset(url: string): Promise<void> {
  const r = await fetch(`${url}/__mock/reset`, { method: 'POST' });
  if (r.status !== 200) throw new Error(`reset failed: HTTP ${r.status}`);
  await r.arrayBuffer();
}

const fmt = (n: number | undefined, d = 0) => (n === undefined ? 'n/a' : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const pct = (x: number | undefined) => (x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);

type Side = 'mock' | 'plain' | 'busy';
type Results = Record<Side, { max: Phase }> & Record<'mock' | 'plain', { fixed: Phase }>;

/**
 * Max throughput: two alternating rounds, best of each side, so a burst of someone else's load
 * on the shared machine hurts one round of one side, not the comparison. Answers the best phase
 * of each side and how many requests the mock was sent.
 */
async function maxRounds(targets: readonly { name: Side; url: string; pid: number }[], requests: AcRequest[], seconds: number) {
  const best: Partial<Record<Side, Phase>> = {};
  let mockSent = 0;
  for (let round = 0; round < 2; round++) {
    for (const t of targets) {
      const p = await phase(t.url, requests, t.pid, { seconds, connections: 64 });
      if (p.non2xx > 0 || p.errors > 0) throw new Error(`${t.name}: ${p.non2xx} non-2xx answers and ${p.errors} errors`);
      if (t.name === 'mock') mockSent += p.total;
      if (best[t.name] === undefined || p.rps > best[t.name]!.rps) best[t.name] = p;
    }
  }
  return { best: best as Record<Side, Phase>, mockSent };
}

/** Requests per CPU-second of the server: what one whole core would serve. */
const perCore = (p: Phase) => (p.serverCpu ? p.rps / p.serverCpu : undefined);
const usPerRequest = (p: Phase) => {
  const c = perCore(p);
  return c === undefined ? undefined : 1e6 / c;
};

function printTable({ mock: mk, plain: pl }: Results, serverP99: number): void {
  console.log('');
  console.log('                         mock (signed)      plain node:http');
  console.log(`max req/s (64 conns)     ${fmt(mk.max.rps).padStart(13)}      ${fmt(pl.max.rps).padStart(15)}`);
  console.log(`  server CPU             ${pct(mk.max.serverCpu).padStart(13)}      ${pct(pl.max.serverCpu).padStart(15)}`);
  console.log(`  driver CPU             ${pct(mk.max.driverCpu).padStart(13)}      ${pct(pl.max.driverCpu).padStart(15)}`);
  console.log(`  p99 ms                 ${fmt(mk.max.p99).padStart(13)}      ${fmt(pl.max.p99).padStart(15)}`);
  console.log(`  server µs per request  ${fmt(usPerRequest(mk.max), 1).padStart(13)}      ${fmt(usPerRequest(pl.max), 1).padStart(15)}`);
  console.log(`at ${fmt(FIXED_RATE)} req/s: achieved  ${fmt(mk.fixed.rps).padStart(12)}      ${fmt(pl.fixed.rps).padStart(15)}`);
  console.log(`  p50 / p99 ms           ${`${fmt(mk.fixed.p50)} / ${fmt(mk.fixed.p99)}`.padStart(13)}      ${`${fmt(pl.fixed.p50)} / ${fmt(pl.fixed.p99)}`.padStart(15)}`);
  console.log(`  server CPU             ${pct(mk.fixed.serverCpu).padStart(13)}      ${pct(pl.fixed.serverCpu).padStart(15)}`);
  console.log(`  mock's own p99 ms      ${fmt(serverP99, 3).padStart(13)}`);
  console.log('');
}

function printAims(r: Results, serverP99: number): void {
  const { mock: mk, plain: pl, busy } = r;
  console.log(`ratio mock / plain (max req/s): ${(mk.max.rps / pl.max.rps).toFixed(2)}`);
  // Robust to other people's load stealing the pinned core, which wall-clock req/s is not.
  const mkCore = perCore(mk.max);
  const plCore = perCore(pl.max);
  console.log(`requests per server CPU-second: mock ${fmt(mkCore)}, plain ${fmt(plCore)}`);
  if (mkCore !== undefined && plCore !== undefined) {
    const ratio = mkCore / plCore;
    console.log(`ratio mock / plain (req per server CPU-second): ${ratio.toFixed(2)}  aim >= 0.7   ${verdict(ratio >= 0.7)}`);
  }
  const busyCore = perCore(busy.max);
  if (busyCore !== undefined && plCore !== undefined) {
    console.log(
      `calibration: plain node:http + ${BUSY_US} µs of busy work per request: ${(busyCore / plCore).toFixed(2)} of plain per server CPU-second (${fmt(usPerRequest(busy.max), 1)} µs per request): what that much extra work per request costs here`,
    );
  }
  if (mk.fixed.serverCpu !== undefined && pl.fixed.serverCpu !== undefined) {
    const ratio = mk.fixed.serverCpu / pl.fixed.serverCpu;
    console.log(`server CPU at ${fmt(FIXED_RATE)} req/s: mock ${pct(mk.fixed.serverCpu)} of a core, plain ${pct(pl.fixed.serverCpu)} = ${ratio.toFixed(2)}x  aim <= 2x   ${verdict(ratio <= 2)}`);
  }
  const rpsOk = mk.max.rps >= TARGET_RPS;
  const p99Ok = mk.fixed.p99 < TARGET_P99_MS;
  console.log(`aim >= ${fmt(TARGET_RPS)} signed req/s on one core: ${rpsOk ? 'met' : 'NOT met'} (${fmt(mk.max.rps)} req/s measured; ${fmt(mkCore)} per CPU-second)`);
  // the driver's figure: plain node:http through the same driver says how much of it is the driver's
  console.log(
    `aim p99 < ${TARGET_P99_MS} ms at ${fmt(FIXED_RATE)} req/s: ${p99Ok ? 'met' : 'NOT met'} (${fmt(mk.fixed.p99)} ms; ` +
      `plain node:http through the same driver ${fmt(pl.fixed.p99)} ms; the mock's own p99 ${fmt(serverP99, 3)} ms)`,
  );
  if (mk.max.driverCpu > 0.9) console.log("note: the driver was near one full core: max req/s may be the driver's limit, not the server's");
  if ((mk.max.serverCpu ?? 1) < 0.8) {
    console.log(`note: at max load the mock got only ${pct(mk.max.serverCpu)} of its core (other processes on the machine): wall-clock req/s and client p99 understate it; per CPU-second is the one-core figure`);
  }
}

// ---------------------------------------------------------------- main
async function main(): Promise<number> {
  const secIdx = process.argv.indexOf('--seconds');
  const seconds = secIdx > 0 ? Number(process.argv[secIdx + 1]) : 6;
  if (!(Number.isInteger(seconds) && seconds >= 1 && seconds <= 120)) {
    console.error(`--seconds: expected an integer 1..120, got ${process.argv[secIdx + 1]}`);
    return 2;
  }
  if (hasTaskset && cpus().length >= 2) {
    // The driver (and its threads) off CPU 0, which belongs to the server under test.
    spawnSync('taskset', ['-a', '-p', '-c', `1-${cpus().length - 1}`, String(process.pid)], { stdio: 'ignore' });
  }
  const profIdx = process.argv.indexOf('--cpu-prof-dir');
  const profDir = profIdx > 0 ? process.argv[profIdx + 1] : undefined;
  if (profIdx > 0 && (profDir === undefined || profDir.startsWith('--'))) {
    console.error('--cpu-prof-dir: expected a directory');
    return 2;
  }
  const profFlags = profDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  console.log(`server pinned to CPU 0: ${hasTaskset ? 'yes' : 'no (taskset missing): figures are not one-core'}; ${seconds} s per phase; ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(1)} at start`);

  const children: ChildProcess[] = [];
  try {
    const mock = await startMockChild(['--child', 'mock'], profFlags);
    children.push(mock.proc);
    const m = mock.ready as unknown as MockReady;
    const requests = signedRequests(m, 200);

    // Sanity: one request, answered with code 0 and no per-SKU errors; its body is the payload
    // the plain server will answer.
    const first = requests[0]!;
    const res = await fetch(m.url + first.path, { method: 'POST', headers: first.headers, body: first.body });
    const payload = await res.text();
    const env = JSON.parse(payload) as { code: number; data?: { errors?: unknown[] } };
    if (res.status !== 200 || env.code !== 0 || (env.data?.errors?.length ?? 0) > 0) {
      throw new Error(`the mock refused the signed request: HTTP ${res.status} ${payload}`);
    }

    const plain = await startMockChild(['--child', 'plain', payload]);
    children.push(plain.proc);
    const busy = await startMockChild(['--child', 'plain', payload, String(BUSY_US)]);
    children.push(busy.proc);

    const targets = [
      { name: 'mock', url: m.url, pid: mock.proc.pid! },
      { name: 'plain', url: plain.ready.url as string, pid: plain.proc.pid! },
      { name: 'busy', url: busy.ready.url as string, pid: busy.proc.pid! },
    ] as const;
    for (const t of targets) await phase(t.url, requests, t.pid, { seconds: 2, connections: 32 }); // warm-up: JIT, sockets
    await mockReset(m.url);
    const { best, mockSent } = await maxRounds(targets, requests, seconds);
    await stopChild(busy.proc); // the calibration is done: its process leaves the machine quieter
    const s = await mockStats(m.url);
    if ((s.byCode['0'] ?? 0) !== s.calls || s.calls < mockSent) {
      throw new Error(`mock answers were not all code 0: ${JSON.stringify(s.byCode)} for ${mockSent} requests sent`);
    }
    await mockReset(m.url);
    const fixed: Partial<Record<'mock' | 'plain', Phase>> = {};
    for (const t of targets.slice(0, 2)) {
      const p = await phase(t.url, requests, t.pid, { seconds, connections: 32, rate: FIXED_RATE });
      if (p.non2xx > 0 || p.errors > 0) throw new Error(`${t.name}: ${p.non2xx} non-2xx answers and ${p.errors} errors`);
      fixed[t.name as 'mock' | 'plain'] = p;
    }
    const serverP99 = (await mockStats(m.url)).p99;
    const results: Results = { mock: { max: best.mock, fixed: fixed.mock! }, plain: { max: best.plain, fixed: fixed.plain! }, busy: { max: best.busy } };
    printTable(results, serverP99);
    printAims(results, serverP99);
    return 0;
  } finally {
    await Promise.all(children.map(stopChild));
  }
}

const childIdx = process.argv.indexOf('--child');
if (childIdx > 0) {
  const kind = process.argv[childIdx + 1];
  if (kind === 'mock') await childMock();
  else if (kind === 'plain') await servePlain(process.argv[childIdx + 2] ?? '{}', Number(process.argv[childIdx + 3] ?? 0));
  else throw new Error(`unknown child ${kind}`);
} else {
  process.exitCode = await main().catch((e: unknown) => {
    console.error(`mock-signed-inventory: ${(e as Error).message}`);
    return 1;
  });
}
