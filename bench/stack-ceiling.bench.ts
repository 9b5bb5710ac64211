/**
 * The reference stack's ceiling: mock and stack run as child processes (as in a real run); this
 * process generates load at rising open-loop rates and reports, per stage, what was achieved.
 *
 *  phase A  stock writes (PUT /stock/{sku}/{wh}) at rising rates. The peer: the same ramp
 *           against a bare node:http server answering the same JSON (no database, no sync), so
 *           "stack / peer" says how much of the generator's reach the stack keeps.
 *  phase B  orders placed on the mock (buyer API, batches every 50 ms) at rising rates; each
 *           order goes webhook -> stack -> detail fetch -> allocation -> pushes to every shop.
 *
 * The stock-write generator is autocannon in its own process (open-loop `overallRate`, 64
 * connections), so the generator's CPU is counted apart from the stack's.
 *
 * Figures per stage: achieved rate, p99 request latency, inventory sync lag p99 (the stack's
 * own HDR: first unpushed change -> platform ack), order ingest lag p99 (platform placed_at ->
 * ERP allocated_at, exact from both ledgers), webhook ack p99 (stack side), CPU of each process.
 * The ceiling is the highest stage that kept >= 95 % of the target with no errors and met the
 * default standards' limits (src/standards): ERP API p99 <= 200 ms and inventory sync lag p99
 * <= 3 s for stock writes; order ingest lag p99 <= 5 s and webhook ack p99 <= 500 ms for orders. Env: STACK_BENCH_STAGE_S (default 3), STACK_BENCH_WRITES and
 * STACK_BENCH_ORDERS (comma-separated rates).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';
import { LatencyHistogram } from '../lib/hdr/latency-histogram.ts';
import { verdict } from './support/processes.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'peakday.mjs');
const STAGE_S = Number(process.env.STACK_BENCH_STAGE_S ?? 3);
const WRITE_RATES = (process.env.STACK_BENCH_WRITES ?? '1000,2500,5000,7500').split(',').map(Number);
const ORDER_RATES = (process.env.STACK_BENCH_ORDERS ?? '250,500,1000,2000,3000').split(',').map(Number);
const MAX_IN_FLIGHT = 256;
const TICK_MS = 10;

interface Child {
  proc: ChildProcess;
  ready: Record<string, any>;
}

function startChild(args: string[], env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 20_000) err = err.slice(-10_000);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child ${args.join(' ')} not ready in 30 s: ${err}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      // `peakday stack` says it listens (`"ready":false`) before it is ready (`"ready":true`).
      const ready = out.split('\n').slice(0, -1).map((l) => JSON.parse(l) as Record<string, any>).find((l) => l.ready === true);
      if (ready) {
        clearTimeout(timer);
        resolve({ proc, ready });
      }
    });
    proc.on('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`child exited ${c}: ${err}`));
    });
  });
}

/** CPU seconds (user + system) of a process, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

async function json(pool: Pool, method: string, path: string, body?: unknown): Promise<any> {
  const r = await pool.request({ method: method as 'GET', path, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const t = await r.body.text();
  return JSON.parse(t);
}

async function hdrSnapshot(pool: Pool): Promise<Record<string, string>> {
  return json(pool, 'GET', '/metrics/hdr');
}

function delta(after: string, before: string): LatencyHistogram {
  const a = hdr.decodeFromCompressedBase64(after, 'packed', false);
  a.subtract(hdr.decodeFromCompressedBase64(before, 'packed', false));
  return new LatencyHistogram(a);
}

/** Open-loop generator: `rate` calls/s for `seconds`, at most MAX_IN_FLIGHT outstanding. */
async function drive(rate: number, seconds: number, call: () => Promise<boolean>): Promise<{ ok: number; failed: number; skipped: number; lat: LatencyHistogram; elapsed: number }> {
  const lat = new LatencyHistogram();
  let ok = 0;
  let failed = 0;
  let skipped = 0;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; sent < due; sent++) {
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++;
        continue;
      }
      inFlight++;
      const t0 = performance.now();
      const p: Promise<void> = call()
        .then((good) => {
          if (good) ok++;
          else failed++;
          lat.record(performance.now() - t0);
        })
        .catch(() => {
          failed++;
        })
        .finally(() => {
          inFlight--;
          pending.delete(p);
        });
      pending.add(p);
    }
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  await Promise.all(pending);
  return { ok, failed, skipped, lat, elapsed: (performance.now() - start) / 1000 };
}

/** Runs autocannon in a child process: PUT /stock writes with random quantities at `rate`/s. */
function autocannonStage(dir: string, url: string, paths: string[], rate: number, seconds: number): Promise<{ ok: number; non2xx: number; errors: number; p99: number; cpuS: number; elapsed: number }> {
  const script = join(dir, 'gen.cjs');
  writeFileSync(
    script,
    `const ac = require(${JSON.stringify(join(ROOT, 'node_modules', 'autocannon'))});
const paths = ${JSON.stringify(paths)};
const requests = paths.map((path) => ({ method: 'PUT', path, headers: { 'content-type': 'application/json' },
  setupRequest: (r) => { r.body = JSON.stringify({ on_hand: 1000 + Math.floor(Math.random() * 80000) }); return r; } }));
const t0 = Date.now();
ac({ url: ${JSON.stringify(url)}, connections: 64, overallRate: ${rate}, duration: ${seconds}, requests }, (err, r) => {
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify(err ? { error: String(err) } : { ok: r['2xx'], non2xx: r.non2xx, errors: r.errors + r.timeouts, p99: r.latency.p99, cpuS: (cpu.user + cpu.system) / 1e6, elapsed: (Date.now() - t0) / 1000 }));
});`,
  );
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    c.on('exit', () => {
      try {
        const r = JSON.parse(out);
        if (r.error) reject(new Error(r.error));
        else resolve(r);
      } catch (e) {
        reject(new Error(`autocannon child: ${(e as Error).message}: ${out}`));
      }
    });
  });
}

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'peakday-stack-bench-'));
  const children: ChildProcess[] = [];
  const peer = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ sku: 'SKU-000001', warehouse_id: '1', on_hand: 1, reserved: 0, available: 1, seq: 1, accepted_at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  try {
    const mock = await startChild([BIN, 'mock', '--json', '--port', '0', '--seed', 'bench']);
    children.push(mock.proc);
    const stack = await startChild(
      [BIN, 'stack', '--json', '--port', '0', '--tiktok-url', mock.ready.url, '--db', join(dir, 'stack.db'), '--app-key', mock.ready.app_key, '--log-level', 'error', '--poll-interval-ms', '5000'],
      { PEAKDAY_APP_SECRET: mock.ready.app_secret, PEAKDAY_ACCESS_TOKEN: mock.ready.access_token },
    );
    children.push(stack.proc);
    const sp = new Pool(stack.ready.url, { connections: 64 });
    const mp = new Pool(mock.ready.url, { connections: 16 });
    const cat = (await json(mp, 'GET', '/__mock/catalog')).data;
    const skus = cat.skus as { id: string; seller_sku: string }[];
    const whs = (cat.warehouses as { id: string }[]).map((w) => w.id);
    const shops = (cat.shops as { id: string }[]).map((s) => s.id);
    console.log(`mock pid ${mock.proc.pid}, stack pid ${stack.proc.pid}; ${shops.length} shops, ${skus.length} SKUs, ${whs.length} warehouses; stages of ${STAGE_S} s`);

    // Stock everywhere, then wait for the platform to hold it.
    const lines = skus.flatMap((s) => whs.map((w) => ({ sku: s.seller_sku, warehouse_id: w, on_hand: 90_000 })));
    for (let i = 0; i < lines.length; i += 500) await json(sp, 'POST', '/stock/batch', { lines: lines.slice(i, i + 500) });
    const drained = async (limitMs: number) => {
      const t0 = Date.now();
      while (Date.now() - t0 < limitMs) {
        const m = await (await sp.request({ method: 'GET', path: '/metrics' })).body.text();
        if (/peakday_stack_outbox_depth\{outbox="inventory"\} 0\b/.test(m) && /peakday_stack_outbox_depth\{outbox="order_fetch"\} 0\b/.test(m)) return Date.now() - t0;
        await new Promise((r) => setTimeout(r, 100));
      }
      return NaN;
    };
    console.log(`initial sync of ${lines.length} sku x warehouse to ${shops.length} shops: ${fmt(await drained(60_000))} ms`);

    // Phase A: the peer, then the stack.
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', () => r()));
    const paths = Array.from({ length: 600 }, (_, i) => `/stock/${skus[i % skus.length]!.seller_sku}/${whs[Math.floor(i / skus.length) % whs.length]}`);
    const peerUrl = `http://127.0.0.1:${(peer.address() as { port: number }).port}`;
    console.log('\nphase A: stock writes/s (target -> achieved), p99 write latency, sync lag p99, CPU (share of one core)');
    console.log('  target   peer/s  stack/s  ratio  p99 ms  sync p99 ms  drain ms  stack CPU  mock CPU  gen CPU');
    let writeCeiling = 0;
    for (const rate of WRITE_RATES) {
      const pr = await autocannonStage(dir, peerUrl, paths, rate, Math.min(2, STAGE_S));
      const before = await hdrSnapshot(sp);
      const c0 = [cpuSeconds(stack.proc.pid!), cpuSeconds(mock.proc.pid!)] as const;
      const r = await autocannonStage(dir, stack.ready.url, paths, rate, STAGE_S);
      const drain = await drained(15_000);
      const wall = r.elapsed + (Number.isFinite(drain) ? drain / 1000 : 15);
      const stackCpu = (cpuSeconds(stack.proc.pid!) - c0[0]) / wall;
      const mockCpu = (cpuSeconds(mock.proc.pid!) - c0[1]) / wall;
      const after = await hdrSnapshot(sp);
      const sync = delta(after.sync_lag_ms!, before.sync_lag_ms!);
      const achieved = r.ok / STAGE_S;
      const peerRate = pr.ok / Math.min(2, STAGE_S);
      const good = achieved >= rate * 0.95 && r.non2xx === 0 && r.errors === 0 && r.p99 <= 200 && sync.percentile(99) <= 3000;
      if (good) writeCeiling = Math.max(writeCeiling, achieved);
      console.log(
        `  ${String(rate).padStart(6)}  ${fmt(peerRate).padStart(7)}  ${fmt(achieved).padStart(7)}  ${fmt(achieved / peerRate, 2).padStart(5)}  ${fmt(r.p99, 1).padStart(6)}  ${fmt(sync.percentile(99), 0).padStart(11)}  ${fmt(drain).padStart(8)}  ${fmt(stackCpu * 100).padStart(8)}%  ${fmt(mockCpu * 100).padStart(7)}%  ${fmt((r.cpuS / r.elapsed) * 100).padStart(6)}%${good ? '' : '  (missed)'}${r.non2xx ? ` non2xx=${r.non2xx}` : ''}${r.errors ? ` errors=${r.errors}` : ''}`,
      );
      if (!good && achieved < rate * 0.8) break;
    }

    // Phase B: orders.
    console.log('\nphase B: orders/s placed -> allocated, ingest lag p99 (placed -> allocated), webhook ack p99, CPU');
    console.log('  (ingest p99 = placed on the platform -> allocated; "in stack" = webhook received -> allocated)');
    console.log('  target  accepted/s  allocated/s  ingest p99 ms  in stack p99  ack p99 ms  sync p99 ms  stack CPU  mock CPU');
    let orderCeiling = 0;
    let afterSeq = (await json(sp, 'GET', '/orders?after_seq=0&limit=1')).next_after_seq as number;
    afterSeq = Number.MAX_SAFE_INTEGER === afterSeq ? 0 : afterSeq;
    const exportAll = async () => {
      const out: { order_id: string; status: string; allocated_at: number | null }[] = [];
      for (let i = 0; i < 10_000; i++) {
        const page = await json(sp, 'GET', `/orders?after_seq=${afterSeq}&limit=5000`);
        out.push(...page.orders);
        if (page.orders.length === 0) break;
        afterSeq = page.next_after_seq;
      }
      return out;
    };
    await exportAll();
    const ingestedCount = async () => {
      const m = await (await sp.request({ method: 'GET', path: '/metrics' })).body.text();
      let n = 0;
      for (const x of m.matchAll(/peakday_stack_orders_ingested_total\{outcome="(allocated|backordered)"\} (\d+)/g)) n += Number(x[2]);
      return n;
    };
    for (const rate of ORDER_RATES) {
      const perTick = Math.max(1, Math.round(rate / 20));
      const ingested0 = await ingestedCount();
      const placedAt = new Map<string, number>();
      const before = await hdrSnapshot(sp);
      const c0 = [cpuSeconds(stack.proc.pid!), cpuSeconds(mock.proc.pid!)] as const;
      const t0 = Date.now();
      const r = await drive(20, STAGE_S, async () => {
        const orders = Array.from({ length: perTick }, () => ({
          shop_id: shops[Math.floor(Math.random() * shops.length)]!,
          line_items: [{ sku_id: skus[Math.floor(Math.random() * skus.length)]!.id, quantity: 1 }],
        }));
        const res = await json(mp, 'POST', '/__mock/orders/batch', { orders });
        for (const o of res.data?.results ?? []) if (o.accepted) placedAt.set(o.order_id, o.placed_at);
        return res.code === 0;
      });
      // Wait (bounded) until the stack has ingested them: a cheap counter poll, then one export.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (await ingestedCount()) - ingested0 < placedAt.size) await new Promise((res) => setTimeout(res, 100));
      const seen = new Map<string, number>();
      for (const o of await exportAll()) if (placedAt.has(o.order_id) && o.allocated_at) seen.set(o.order_id, o.allocated_at);
      const wall = (Date.now() - t0) / 1000;
      const stackCpu = (cpuSeconds(stack.proc.pid!) - c0[0]) / wall;
      const mockCpu = (cpuSeconds(mock.proc.pid!) - c0[1]) / wall;
      const lag = new LatencyHistogram();
      let lastAlloc = t0;
      for (const [id, at] of seen) {
        lag.record(at - placedAt.get(id)!);
        lastAlloc = Math.max(lastAlloc, at);
      }
      const after = await hdrSnapshot(sp);
      const ack = delta(after.webhook_ack_ms!, before.webhook_ack_ms!);
      const sync = delta(after.sync_lag_ms!, before.sync_lag_ms!);
      const inStack = delta(after.ingest_lag_ms!, before.ingest_lag_ms!);
      const accepted = placedAt.size / r.elapsed;
      const allocated = seen.size / Math.max(r.elapsed, (lastAlloc - t0) / 1000);
      const good = r.failed === 0 && seen.size === placedAt.size && accepted >= rate * 0.95 && lag.percentile(99) <= 5000 && ack.percentile(99) <= 500;
      if (good) orderCeiling = Math.max(orderCeiling, allocated);
      console.log(
        `  ${String(rate).padStart(6)}  ${fmt(accepted).padStart(10)}  ${fmt(allocated).padStart(11)}  ${fmt(lag.percentile(99)).padStart(13)}  ${fmt(inStack.percentile(99)).padStart(12)}  ${fmt(ack.percentile(99), 1).padStart(10)}  ${fmt(sync.percentile(99)).padStart(11)}  ${fmt(stackCpu * 100).padStart(8)}%  ${fmt(mockCpu * 100).padStart(7)}%${good ? '' : `  (missed: ${seen.size}/${placedAt.size} allocated)`}`,
      );
      if (!good && seen.size < placedAt.size * 0.8) break;
    }
    console.log(`\nceiling on this run: ${fmt(writeCeiling)} stock writes/s (aim 5,000), ${fmt(orderCeiling)} orders/s allocated (aim 2,000)`);
    console.log(`  stock writes >= 5,000/s   ${verdict(writeCeiling >= 5000)}; orders >= 2,000/s allocated   ${verdict(orderCeiling >= 2000)}`);
    console.log('(shared 2-core machine: mock, stack and generator compete for CPU; figures are indicative)');
    await sp.close();
    await mp.close();
  } finally {
    peer.close();
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
