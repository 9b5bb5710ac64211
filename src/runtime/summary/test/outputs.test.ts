import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineBuiltins, MetricsRegistry } from '../../metrics/registry.ts';
import { writeHdrLogs } from '../hdr-logs.ts';
import { JsonOutput } from '../json-output.ts';

const T0 = 1_700_000_000_000;
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peakday-outputs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function registry(): MetricsRegistry {
  const r = new MetricsRegistry({ origin: T0 });
  defineBuiltins(r);
  return r;
}

describe('JsonOutput', () => {
  it('writes one Metric line per metric, then one Point line per sample, all valid JSON', async () => {
    const r = registry();
    const out = new JsonOutput(join(dir, 'out.json'), r);
    r.add('http_reqs', 1, { method: 'GET', status: '200', name: 'a "quoted" name' }, T0 + 5);
    r.add('http_req_duration', 12.5, { method: 'GET' }, T0 + 6);
    r.add('http_reqs', 1, { method: 'POST' }, T0 + 7);
    await out.close();
    const lines = (await readFile(join(dir, 'out.json'), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { type: 'Metric', data: { name: 'http_reqs', type: 'counter', contains: 'default', thresholds: [], submetrics: null }, metric: 'http_reqs' },
      { type: 'Point', data: { time: new Date(T0 + 5).toISOString(), value: 1, tags: { method: 'GET', status: '200', name: 'a "quoted" name' } }, metric: 'http_reqs' },
      { type: 'Metric', data: { name: 'http_req_duration', type: 'trend', contains: 'time', thresholds: [], submetrics: null }, metric: 'http_req_duration' },
      { type: 'Point', data: { time: new Date(T0 + 6).toISOString(), value: 12.5, tags: { method: 'GET' } }, metric: 'http_req_duration' },
      { type: 'Point', data: { time: new Date(T0 + 7).toISOString(), value: 1, tags: { method: 'POST' } }, metric: 'http_reqs' },
    ]);
    expect([out.written, out.dropped]).toEqual([3, 0]);
    r.add('http_reqs', 1, {}, T0); // after close: no longer listening, no throw
  });

  it('keeps memory bounded when the file falls behind: drops points, counts them, warns once', async () => {
    const r = registry();
    const warnings: string[] = [];
    const out = new JsonOutput(join(dir, 'flood.json'), r, { maxBufferedBytes: 256 * 1024, flushBytes: 16 * 1024, onWarn: (m) => warnings.push(m) });
    const N = 50_000;
    // A synchronous flood: the stream cannot drain until the loop yields.
    for (let i = 0; i < N; i++) r.add('http_reqs', 1, { scenario: 'flood', url: 'http://127.0.0.1/x' }, T0 + i);
    expect(out.dropped).toBeGreaterThan(0);
    expect(out.written + out.dropped).toBe(N);
    expect(warnings).toHaveLength(1);
    await out.close();
    const text = await readFile(join(dir, 'flood.json'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(out.written + 1); // + the Metric line
    expect(text.length).toBeLessThan(256 * 1024 + 2 * 16 * 1024);
    for (const l of lines) JSON.parse(l);
  });

  it('rejects close() when the file cannot be written', async () => {
    const out = new JsonOutput(join(dir, 'missing', 'out.json'), registry());
    await expect(out.close()).rejects.toThrow(/ENOENT/);
  });

  it('rejects close() also when the failure happened long before', async () => {
    const out = new JsonOutput(join(dir, 'missing', 'out.json'), registry());
    await new Promise((r) => setTimeout(r, 100));
    await expect(out.close()).rejects.toThrow(/ENOENT/);
  });
});

describe('writeHdrLogs', () => {
  it('writes one HdrHistogram log per Trend with samples, one interval per second', async () => {
    const r = registry();
    for (let s = 0; s < 3; s++) for (let i = 1; i <= 100; i++) r.add('http_req_duration', i * (s + 1), {}, T0 + s * 1000 + i);
    r.add('iteration_duration', 5, {}, T0);
    r.add('http_reqs', 1, {}, T0);
    const files = await writeHdrLogs(r, join(dir, 'hdr'));
    expect(files.map((f) => f.slice(dir.length + 5)).sort()).toEqual(['http_req_duration.hlog', 'iteration_duration.hlog']);
    expect((await readdir(join(dir, 'hdr'))).length).toBe(2);
    const text = await readFile(join(dir, 'hdr', 'http_req_duration.hlog'), 'utf8');
    expect(text).toContain('#[StartTime: 1700000000.000');
    const reader = new hdr.HistogramLogReader(text);
    const maxes: number[] = [];
    for (let h = reader.nextIntervalHistogram(); h; h = reader.nextIntervalHistogram()) {
      expect(h.totalCount).toBe(100);
      maxes.push(h.maxValue);
    }
    // Stored as µs at 2 significant digits (1%): the second interval's max is 200 ms.
    expect(maxes).toHaveLength(3);
    maxes.forEach((m, i) => expect(Math.abs(m / 1000 - 100 * (i + 1)) / (100 * (i + 1))).toBeLessThan(0.01));
  });
});
