import { describe, expect, it } from 'vitest';
import { buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import type { RunResult } from '../../results/run-result.ts';
import { esc } from '../escape-html.ts';
import { renderReport, reportBody, reportTitle } from '../render-report.ts';

const SHORT = { durationSec: 40 };

describe('renderReport', () => {
  const r = buildRunResult({ ...SHORT, failOn: 'webhook-ack-p99', faults: true, scenario: 'chaos' });
  const html = renderReport(r);

  it('is one self-contained page: no script, no external reference of any kind', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link/i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // only the config's loopback URLs appear, as text
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
  });

  it('has every section the issue asks for', () => {
    for (const id of ['verdict', 'standards', 'latency', 'throughput', 'lags', 'generator', 'processes', 'reconciliation', 'faults', 'run']) {
      expect(html, id).toContain(`id="${id}"`);
    }
    for (const title of [
      'ERP API latency over time',
      'Latency percentile distribution (HDR)',
      'Throughput over time',
      'Lags over time (p99 per interval)',
      'Lag percentile distribution (HDR)',
      'Iteration start delay over time',
      'Dropped iterations over time',
      'CPU per process (% of one core)',
      'Memory (RSS) per process',
    ]) {
      expect(html, title).toContain(`<figcaption>${esc(title)}</figcaption>`);
    }
    expect(html).toContain('FAIL');
    expect(html).toContain('webhook_drop');
  });

  it('lists the scenario, the seed and the scale once in the configuration, though the config holds them too', () => {
    expect(Object.keys(r.config)).toEqual(expect.arrayContaining(['scenario', 'seed', 'scale']));
    const run = html.slice(html.indexOf('<section id="run">'));
    for (const key of ['scenario', 'seed', 'scale']) expect(run.match(new RegExp(`<td>(<span class="mono">)?${key}(</span>)?</td>`, 'g')), key).toHaveLength(1);
    expect(run).toContain('peak_orders_per_s');
  });

  it('draws the failed standard\'s limit on its chart', () => {
    expect(html).toMatch(/class="limit-label"[^>]*>webhook-ack-p99: p\(99\) &lt;= 500 ms/);
  });

  it('escapes every user string', () => {
    const evil: RunResult = structuredClone(r);
    const payload = `<img src=x onerror="alert(1)"><script>alert(2)</script>'"&`;
    evil.scenario = payload;
    evil.status_reason = payload;
    evil.config = { [payload]: payload };
    evil.verdict_reasons = [payload];
    evil.standards[0]!.detail = payload;
    evil.standards[0]!.id = payload;
    evil.faults = { total: 1, by_kind: { [payload]: 1 } };
    evil.processes[0]!.role = payload as never;
    evil.reconciliation!.lost_orders.examples = [payload];
    const out = renderReport(evil);
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toContain(`onerror="`);
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;&#39;&quot;&amp;');
  });

  it('renders a run so far with the same sections, standards read as on track or breaking', () => {
    const soFar: RunResult = { ...structuredClone(r) };
    delete soFar.reconciliation;
    const live = { elapsed_ms: 12_000, stage: 'load' as const };
    const body = reportBody(soFar, live);
    for (const id of ['verdict', 'standards', 'latency', 'throughput', 'lags', 'generator', 'processes', 'reconciliation', 'faults', 'run']) {
      expect(body, id).toContain(`id="${id}"`);
    }
    expect(body).toContain('data-phase="live"');
    expect(body).toContain('RUNNING · 12 s');
    expect(body).not.toContain('data-verdict=');
    expect(body).toContain('✗ breaking'); // the fixture breaks webhook-ack-p99
    expect(body).toContain('✓ on track');
    expect(body).not.toContain('✓ pass');
    expect(body).toContain('webhook-ack-p99 breaking');
    expect(body).toContain('the final report shows it');
    expect(reportTitle(soFar, live)).toBe('peakday chaos: live, 1 breaking');
  });

  it('shows what the platform saw in place of the reconciliation in a platform-only run', () => {
    const { reconciliation: _none, ...rest } = buildRunResult(SHORT);
    const p: RunResult = {
      ...rest,
      platform_only: {
        declared_stock: 300, orders_accepted: 120, orders_unread: { count: 1, examples: ['ORD<1>'] }, stock_cells_checked: 120,
        stock_over_declared: { count: 0, examples: [] }, rate_limit: { throttled: 9, early_calls: { 'POST /order/202309/orders/search': 4 } }, shipped_orders: 0,
      },
    };
    const body = reportBody(p);
    expect(body).toContain('What the platform saw (platform only)');
    expect(body).toContain('ORD&lt;1&gt;');
    expect(body).toContain('POST /order/202309/orders/search: 4');
    expect(body).toContain('9 429s');
    expect(body).not.toContain('ended before the reconciliation');
  });

  it("shows each shop's calls per second against the mock's limit, the seconds over marked; or why they were not measured", () => {
    const broken = reportBody(buildRunResult({ ...SHORT, failOn: 'calls-per-second-within-limit' }));
    expect(broken).toContain('<h2>Calls per second per shop</h2>');
    const row = broken.match(/<tr class="v-fail">(.*?)<\/tr>/)?.[1] ?? '';
    expect(row).toContain('7495000000000000001');
    expect(row).toContain('50/s + 50');
    expect(row).toContain('>130<');
    expect(broken).toContain('limit 50/s + burst 50 = 100 calls in one second per shop; peak 130 (shop 7495000000000000001), p99 41, 1 second over');
    const { call_rates: _none, ...older } = buildRunResult(SHORT);
    const body = reportBody({ ...older, unmeasured: { calls_over_rate_limit: "the mock's /__mock/stats has no rate_limit.calls_per_second" } });
    expect(body).toContain('Not measured: the mock&#39;s /__mock/stats has no rate_limit.calls_per_second.');
  });
});

