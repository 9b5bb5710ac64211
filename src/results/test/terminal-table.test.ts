import { describe, expect, it } from 'vitest';
import { buildRunResult } from './fixtures/build-run-result.ts';
import { renderTerminal } from '../terminal-table.ts';

const SHORT = { durationSec: 40 };

describe('renderTerminal', () => {
  it('shows the verdict, each standard with limit, measured and a mark, and the report path', () => {
    const r = buildRunResult({ ...SHORT, failOn: 'erp-api-p99' });
    const text = renderTerminal(r, { reportPath: 'results/x/report.html' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('peakday promo: FAIL');
    expect(lines[2]).toMatch(/^\s+standard\s+limit\s+measured\s+verdict$/);
    const erp = lines.find((l) => l.includes('erp-api-p99'));
    expect(erp).toMatch(/^✗  erp-api-p99\s+p\(99\) <= 200 ms\s+[\d,]+ ms\s+fail$/);
    expect(lines.find((l) => l.includes('no-lost-orders'))).toMatch(/^✓  no-lost-orders\s+<= 0\s+0\s+pass$/);
    expect(lines.filter((l) => /^[✓✗?–] /.test(l))).toHaveLength(19);
    expect(text).toContain('  erp-api-p99 failed: ');
    expect(text.trimEnd().endsWith('report: results/x/report.html')).toBe(true);
    expect(text).not.toMatch(/\u001b\[/);
  });

  it('marks not-measured with ? and colours only when asked', () => {
    const r = structuredClone(buildRunResult({ ...SHORT, status: 'interrupted' }));
    const text = renderTerminal(r, { color: true });
    expect(text).toMatch(/\u001b\[33mUNTRUSTED/);
    expect(text).toMatch(/\?.*no-lost-orders/);
    expect(text).toContain('(run interrupted)');
  });

  it('marks latency verdicts of an untrusted run, and leaves accuracy as judged', () => {
    const text = renderTerminal(buildRunResult({ ...SHORT, untrusted: true }));
    expect(text.split('\n')[0]).toBe('peakday promo: UNTRUSTED');
    expect(text).toMatch(/^✓  erp-api-p99\s+p\(99\) <= 200 ms\s+\S+ ms\s+pass \(untrusted\)$/m);
    expect(text).toMatch(/^✓  no-lost-orders\s+<= 0\s+0\s+pass$/m);
    expect(text).toContain('  the generator dropped');
  });

  it('strips control characters a scenario name could smuggle in', () => {
    const r = structuredClone(buildRunResult(SHORT));
    r.scenario = 'promo\u001b[2J\u0007';
    expect(renderTerminal(r).split('\n')[0]).toBe('peakday promo[2J: PASS');
  });
});
