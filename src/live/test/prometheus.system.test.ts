/**
 * System test (npm run test:system; needs Debian's `prometheus` on PATH: apt-get install -y
 * prometheus): a short promo exports to a real Prometheus both ways — remote write into its
 * receiver (`--web.enable-remote-write-receiver`) and a scrape of `--out openmetrics=PORT` —
 * and Prometheus's HTTP API is then asked for the series a dashboard needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPeakday, SHORT_PROMO, type PeakdayRun } from '../../harness/test/run-peakday.ts';
import { testId } from '../metrics-out/run-families.ts';

let dir: string;
let prometheus: ChildProcess | undefined;
let promUrl: string;
let scrapePort: number;
let run: PeakdayRun | undefined;

/** A port free right now (Prometheus's config must name the scrape target before the run starts). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`prometheus at ${url} was not ready within ${timeoutMs} ms`);
}

interface Vector {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(q: string): Promise<Vector[]> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { status: string; data: { result: Vector[] }; error?: string };
  if (body.status !== 'success') throw new Error(`${q}: ${body.error}`);
  return body.data.result;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pd-prom-'));
  const promPort = await freePort();
  scrapePort = await freePort();
  promUrl = `http://127.0.0.1:${promPort}`;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: peakday\n    static_configs:\n      - targets: ['127.0.0.1:${scrapePort}']\n`,
  );
  prometheus = spawn(
    'prometheus',
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--web.enable-remote-write-receiver'],
    { stdio: 'ignore' },
  );
  await waitReady(promUrl, 60_000);
  run = await runPeakday(['promo', ...SHORT_PROMO, '--drain-timeout', '30', '--out', `prometheus=${promUrl}/api/v1/write`, '--out', `openmetrics=${scrapePort}`]);
}, 300_000);

afterAll(async () => {
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((r) => prometheus?.once('exit', r));
    prometheus.kill('SIGTERM');
    await exited;
  }
  if (run) rmSync(run.outDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a run in a real Prometheus', () => {
  it('arrives by remote write: k6-named series with their labels, peakday figures and the verdict', async () => {
    const r = run?.result;
    expect(r, run?.stderr).toBeDefined();
    if (!r) return;
    expect(run?.stderr).toMatch(/remote write to .*: \d+ pushes\n/); // no failed push
    const id = testId(r.started_at, r.scenario);
    const pushed = (metric: string) => query(`${metric}{testid="${id}",job=""}`);

    const reqs = await pushed('k6_http_reqs_total');
    expect(reqs.length).toBeGreaterThan(0);
    expect(reqs.some((v) => v.metric.status === '200' && v.metric.scenario !== undefined)).toBe(true);
    const total = reqs.reduce((a, v) => a + Number(v.value[1]), 0);
    expect(total).toBe(r.metrics.http_reqs?.values.count);

    const p99 = await pushed('k6_http_req_duration_p99');
    expect(p99.length).toBeGreaterThan(0);
    expect(Number(p99[0]?.value[1])).toBeLessThan(5); // seconds, not ms

    const verdict = await pushed('peakday_run_verdict');
    expect(verdict.map((v) => v.metric.verdict)).toEqual([r.verdict]);
    const ok = await pushed('peakday_standard_ok');
    expect(ok.map((v) => v.metric.standard).sort()).toEqual(r.standards.filter((j) => j.verdict === 'pass' || j.verdict === 'fail').map((j) => j.id).sort());
    for (const m of ['peakday_inventory_sync_lag_p99', 'peakday_order_ingest_lag_p99', 'peakday_shipment_sync_lag_p99', 'peakday_webhook_ack_duration_p99', 'peakday_reconciliation_lost_orders']) {
      expect((await pushed(m)).length, m).toBe(1);
    }
    const lost = await pushed('peakday_reconciliation_lost_orders');
    expect(Number(lost[0]?.value[1])).toBe(r.reconciliation?.lost_orders.count);
    const cpu = await pushed('peakday_process_cpu_percent');
    expect(cpu.map((v) => v.metric.role).sort()).toEqual(['generator', 'mock', 'stack']);
  });

  it('is scraped from the openmetrics endpoint while the run goes on', async () => {
    const r = run?.result;
    if (!r) throw new Error('no run');
    const id = testId(r.started_at, r.scenario);
    const scraped = await query(`max_over_time(k6_http_reqs_total{job="peakday",testid="${id}"}[10m])`);
    expect(scraped.length).toBeGreaterThan(0);
    expect(scraped[0]?.metric.instance).toBe(`127.0.0.1:${scrapePort}`);
    const live = await query(`max_over_time(peakday_run_elapsed_seconds{job="peakday",testid="${id}"}[10m])`);
    expect(Number(live[0]?.value[1])).toBeGreaterThan(5);
  });
});
