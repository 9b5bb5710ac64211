/**
 * The metric outputs on real sockets: the OpenMetrics endpoint scraped over HTTP while a
 * registry receives tagged samples, and remote write pushed to a loopback receiver that
 * decodes what arrives. (The system test does the same against a real Prometheus.)
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { uncompress } from 'snappyjs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRunResult } from '../../../results/test/fixtures/build-run-result.ts';
import { defineBuiltins, MetricsRegistry } from '../../../runtime/metrics/registry.ts';
import { openLiveOutputs, type LiveOutputs } from '../../live-outputs.ts';
import { decodeWriteRequest } from '../remote-write.ts';

const result = buildRunResult({ durationSec: 30, faults: true, scenario: 'chaos' });
let outputs: LiveOutputs | undefined;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await outputs?.close();
  outputs = undefined;
  for (const c of closers.splice(0)) await c();
});

/** A registry handed to the outputs first (as the harness does when the engine starts), then fed. */
function feedSamples(o: LiveOutputs): void {
  const r = new MetricsRegistry({ series: false });
  defineBuiltins(r);
  o.attach(r);
  const now = Date.now();
  for (let i = 0; i < 100; i++) {
    const tags = { scenario: 'buyers', status: i < 95 ? '200' : '503', method: 'POST', url: `http://127.0.0.1/orders/${i}` };
    r.add('http_reqs', 1, tags, now);
    r.add('http_req_duration', i < 95 ? 20 : 400, tags, now);
    r.add('http_req_failed', i < 95 ? 0 : 1, tags, now);
  }
}

async function open(opts: Parameters<typeof openLiveOutputs>[0], log: (l: string) => void = () => undefined): Promise<LiveOutputs> {
  const o = await openLiveOutputs(opts, log);
  if (!o) throw new Error('no outputs opened');
  outputs = o;
  return o;
}

describe('--out openmetrics=PORT', () => {
  it('serves k6-named series by tag and peakday figures, scraped over HTTP', async () => {
    const o = await open({ outs: [{ kind: 'openmetrics', port: 0 }] });
    const url = o.scrape?.url ?? '';
    expect((await fetch(url)).status).toBe(200); // before any frame: an empty exposition
    feedSamples(o);
    o.feed.start(async () => ({ result, progress: { elapsed_ms: 10_000, stage: 'load' } }));
    await o.feed.tick();
    const res = await fetch(url);
    expect(res.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    const text = await res.text();
    const line = (re: RegExp) => text.split('\n').find((l) => re.test(l));
    const testid = 'testid="20251111-111100-chaos"';
    expect(line(/^k6_http_reqs_total\{.*status="200"/)).toBe(`k6_http_reqs_total{method="POST",scenario="buyers",status="200",${testid}} 95`);
    expect(line(/^k6_http_reqs_total\{.*status="503"/)).toBe(`k6_http_reqs_total{method="POST",scenario="buyers",status="503",${testid}} 5`);
    expect(line(/^k6_http_req_duration_p99\{.*status="503"/)).toMatch(/ 0\.4\d*$/); // seconds, as k6
    expect(line(/^k6_http_req_failed_rate\{.*status="503"/)).toMatch(/ 1$/);
    expect(text).not.toContain('url='); // one series per URL would flood the receiver
    expect(text).toContain('# TYPE k6_http_reqs counter');
    expect(line(/^peakday_run_final\{/)).toBe(`peakday_run_final{${testid}} 0`);
    expect(line(/^peakday_standard_ok\{.*standard="erp-api-p99"/)).toMatch(/ 1$/);
    expect(line(/^peakday_standard_limit\{.*standard="erp-api-p99"/)).toMatch(/unit="seconds"/);
    expect(line(/^peakday_inventory_sync_lag_p99\{/)).toBeDefined();
    expect(line(/^peakday_process_cpu_percent\{pid="\d+",role="stack"/)).toBeDefined();
    expect(line(/^peakday_faults_injected_total\{kind=/)).toBeDefined();
    expect(text.endsWith('# EOF\n')).toBe(true);

    o.feed.finish(result);
    const final = await (await fetch(url)).text();
    expect(final).toContain(`peakday_run_verdict{${testid},verdict="${result.verdict}"} 1`);
    expect(final).toContain('peakday_reconciliation_lost_orders{');
    expect((await fetch(url.replace('/metrics', '/'))).status).toBe(404);
  });
});

describe('--out prometheus=URL', () => {
  it('pushes snappy protobuf with the remote-write headers, and the final figures on close', async () => {
    const received: { headers: IncomingMessage['headers']; names: string[] }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = decodeWriteRequest(uncompress(new Uint8Array(Buffer.concat(chunks))));
        received.push({ headers: req.headers, names: body.timeseries.map((t) => t.labels.find((l) => l.name === '__name__')?.value ?? '') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => receiver.close(() => r())));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/v1/write`;
    const logs: string[] = [];
    const o = await open({ outs: [{ kind: 'prometheus', url }], pushIntervalMs: 50 }, (l) => logs.push(l));
    feedSamples(o);
    o.feed.start(async () => ({ result, progress: { elapsed_ms: 1000, stage: 'load' } }));
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(0);
    o.feed.finish(result);
    await o.close();
    outputs = undefined;
    const last = received.at(-1)!;
    expect(last.headers['content-encoding']).toBe('snappy');
    expect(last.headers['content-type']).toBe('application/x-protobuf');
    expect(last.headers['x-prometheus-remote-write-version']).toBe('0.1.0');
    expect(last.names).toContain('k6_http_reqs_total');
    expect(last.names).toContain('peakday_run_verdict');
    expect(received[0]!.names).not.toContain('peakday_run_verdict');
    expect(logs.at(-1)).toMatch(/remote write to .*: \d+ pushes$/);
  });
});
