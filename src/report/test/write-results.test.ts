import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { afterAll, describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import { buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import { parseXml } from '../../results/test/xml-parse.ts';
import { ResultsError } from '../../results/results-errors.ts';
import { resultDirName, safeScenarioName } from '../../results/result-dir.ts';
import { parseSummary, serialiseSummary } from '../../results/summary-json.ts';
import { writeResults } from '../write-results.ts';

const SHORT = { durationSec: 40 };
const root = mkdtempSync(join(tmpdir(), 'pd-results-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('writeResults', () => {
  it('writes summary.json, junit.xml, HDR logs and report.html in results/<time>-<scenario>/', () => {
    const r = buildRunResult(SHORT);
    const w = writeResults(r, { root });
    expect(w.dir).toBe(join(root, '20251111-111100-promo'));
    expect(w.warnings).toEqual([]);
    const names = filesUnder(w.dir).map((p) => p.slice(w.dir.length + 1)).sort();
    expect(names).toEqual([
      'hdr/erp_req_duration.hlog',
      'hdr/http_req_duration.hlog',
      'hdr/inventory_sync_lag.hlog',
      'hdr/iteration_start_delay.hlog',
      'hdr/order_ingest_lag.hlog',
      'hdr/shipment_sync_lag.hlog',
      'hdr/webhook_ack_duration.hlog',
      'junit.xml',
      'report.html',
      'summary.json',
    ]);
    expect(w.result.files).toMatchObject({ dir: w.dir, summary: 'summary.json', junit: 'junit.xml', report: 'report.html' });
    expect(() => parseXml(readFileSync(join(w.dir, 'junit.xml'), 'utf8'))).not.toThrow();
    expect(readFileSync(join(w.dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('round-trips summary.json', () => {
    const r = buildRunResult({ ...SHORT, failOn: 'no-duplicate-shipments', faults: true, scenario: 'chaos' });
    const w = writeResults(r, { root });
    const back = parseSummary(readFileSync(join(w.dir, 'summary.json'), 'utf8'));
    expect(back).toEqual(w.result);
    expect(back.verdict).toBe('fail');
    expect(back.faults?.by_kind.throttle).toBe(230);
    expect(LatencyHistogram.decode(back.metrics.erp_req_duration?.hdr ?? '').count).toBe(LatencyHistogram.decode(r.metrics.erp_req_duration?.hdr ?? '').count);
  });

  it('writes HDR logs that HdrHistogram log readers read back', () => {
    const r = buildRunResult(SHORT);
    const w = writeResults(r, { root });
    const text = readFileSync(join(w.dir, 'hdr/inventory_sync_lag.hlog'), 'utf8');
    expect(text).toMatch(/^#\[Histogram log format version 1\.3\]/);
    expect(text).toMatch(/#\[StartTime: 1762859460\.000/);
    expect(text).toMatch(/^Tag=inventory_sync_lag,0\.000,40\.000,/m);
    const reader = new hdr.HistogramLogReader(text);
    const h = reader.nextIntervalHistogram();
    const want = LatencyHistogram.decode(r.lags.inventory_sync_lag?.hdr ?? '');
    expect(h?.totalCount).toBe(want.count);
    expect((h?.getValueAtPercentile(99) ?? 0) / 1000).toBe(want.percentile(99));
    expect(reader.nextIntervalHistogram()).toBeNull();
  });

  it('writes valid files for an interrupted run with what was measured so far', () => {
    const r = buildRunResult({ ...SHORT, status: 'interrupted' });
    const w = writeResults(r, { root });
    const back = parseSummary(readFileSync(join(w.dir, 'summary.json'), 'utf8'));
    expect(back).toMatchObject({ status: 'interrupted', status_reason: 'SIGINT (Ctrl-C)', verdict: 'untrusted' });
    expect(back.reconciliation).toBeUndefined();
    expect(back.ended_at - back.started_at).toBe(16_000);
    const junit = parseXml(readFileSync(join(w.dir, 'junit.xml'), 'utf8'));
    expect(junit.attrs).toMatchObject({ tests: '19', errors: '9', skipped: '10' });
    const html = readFileSync(join(w.dir, 'report.html'), 'utf8');
    expect(html).toContain('UNTRUSTED');
    expect(html).toContain('The run ended before the reconciliation');
  });

  it('writes a bare interrupted run (nothing measured yet) without failing', () => {
    const r = structuredClone(buildRunResult({ ...SHORT, status: 'interrupted' }));
    r.metrics = {};
    r.lags = {};
    r.processes = [];
    r.generator = { iterations: 0, dropped_iterations: 0 };
    const w = writeResults(r, { root });
    expect(w.warnings).toEqual([]);
    expect(readFileSync(join(w.dir, 'report.html'), 'utf8')).toContain('No data recorded for this chart.');
  });

  it('gives a second run started in the same second its own folder', () => {
    const r = buildRunResult({ ...SHORT, scenario: 'twice' });
    const a = writeResults(r, { root });
    const b = writeResults(r, { root });
    expect(b.dir).toBe(`${a.dir}-2`);
  });

  it('never writes a secret-looking config value to any file', () => {
    const secrets = {
      app_secret: 'SEKRIT-app-0a1b2c',
      access_token: 'TOK-access-9f8e7d',
      refresh_token: 'TOK-refresh-112233',
      db_password: 'PW-db-445566',
      nested: { apiKey: 'KEY-api-778899', mock: { Authorization: 'Bearer BEARER-xyz-000' } },
      stack_url: 'http://admin:PW-url-aabbcc@127.0.0.1:41002/?access_token=TOK-url-ddeeff&shop=1',
    };
    const r = structuredClone(buildRunResult({ ...SHORT, config: secrets }));
    r.status_reason = 'stack said: invalid app_secret=SEKRIT-reason-123456 for shop';
    r.verdict_reasons.push('mock log: {"access_token":"TOK-json-654321"}');
    const w = writeResults(r, { root });
    const values = ['SEKRIT-app-0a1b2c', 'TOK-access-9f8e7d', 'TOK-refresh-112233', 'PW-db-445566', 'KEY-api-778899', 'BEARER-xyz-000', 'PW-url-aabbcc', 'TOK-url-ddeeff', 'SEKRIT-reason-123456', 'TOK-json-654321'];
    const files = filesUnder(w.dir);
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const v of values) expect(text.includes(v), `${v} in ${f}`).toBe(false);
    }
    const back = parseSummary(readFileSync(join(w.dir, 'summary.json'), 'utf8'));
    expect(back.config.app_secret).toBe('[redacted]');
    expect(back.config.stack_url).toBe('http://admin:[redacted]@127.0.0.1:41002/?access_token=[redacted]&shop=1');
    expect(back.config.shops).toBe(3); // the rest of the config is kept
    // the caller's object is not changed
    expect(r.config.app_secret).toBe('SEKRIT-app-0a1b2c');
  });
});

describe('result folder names', () => {
  it.each([
    ['promo', 'promo'],
    ['stock burst', 'stock-burst'],
    ['../../etc/passwd', 'etc-passwd'],
    ['', 'run'],
    ['<script>', 'script'],
  ])('%j -> %j', (input, want) => {
    expect(safeScenarioName(input)).toBe(want);
  });

  it('stamps the start time in UTC', () => {
    expect(resultDirName(Date.UTC(2026, 0, 2, 3, 4, 5), 'soak')).toBe('20260102-030405-soak');
  });
});

describe('parseSummary', () => {
  const good = buildRunResult(SHORT);
  const edited = (edit: Record<string, unknown>) => JSON.stringify({ ...good, ...edit });
  it.each([
    ['PD_RES_SUMMARY_NOT_JSON', '{', /not valid JSON/],
    ['PD_RES_SUMMARY_INVALID', '[]', /top level must be an object/],
    ['PD_RES_SUMMARY_VERSION', edited({ schema_version: 2 }), /schema_version 2, this peakday reads 1/],
    ['PD_RES_SUMMARY_INVALID', edited({ verdict: 'maybe' }), /verdict "maybe" is not pass, fail or untrusted/],
    ['PD_RES_SUMMARY_INVALID', edited({ scenario: 5, metrics: [] }), /scenario must be a string; metrics must be an object/],
  ])('%s', (code, text, message) => {
    let err: unknown;
    try {
      parseSummary(text, 'x/summary.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ResultsError);
    expect((err as ResultsError).code).toBe(code);
    expect((err as Error).message).toMatch(message);
  });

  it('writes non-finite numbers as null rather than an unreadable file', () => {
    const r = structuredClone(buildRunResult(SHORT));
    r.metrics.erp_req_duration!.values.avg = Number.NaN;
    const back = parseSummary(serialiseSummary(r));
    expect(back.metrics.erp_req_duration?.values.avg).toBeNull();
  });
});
