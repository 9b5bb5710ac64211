import { describe, expect, it } from 'vitest';
import { renderReport } from '../../report/render-report.ts';
import { compareRuns } from '../compare-runs.ts';
import { comparisonPage, comparisonSection, injectComparison } from '../render-html.ts';
import { renderComparisonText } from '../render-text.ts';
import { DEFAULT_TOLERANCES } from '../tolerances.ts';
import { recorded, withLatencyScaled } from './recorded.ts';

const [q1] = recorded('promo');
const hostile = { ...(q1 as never as { source: string }), source: '<img src=x onerror=alert(1)>' };

describe('rendering a comparison', () => {
  const c = compareRuns([hostile as never], withLatencyScaled(q1 as never, 'inventory_sync_lag', 3), DEFAULT_TOLERANCES);

  it('text: standards, then figures worse first, a last line that says regression', () => {
    const t = renderComparisonText(c);
    const lines = t.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^REGRESSION: .*inventory_sync_lag:p99/);
    const figs = lines.slice(lines.findIndex((l) => l.startsWith('figures')) + 2);
    expect(figs[0]).toMatch(/^\s+✗/);
    expect(t).not.toMatch(/·\s+data_sent/); // context rows hidden without --all
    expect(renderComparisonText(c, { all: true })).toMatch(/·\s+data_sent:count/);
  });

  it('HTML: escaped, self-contained, and injected into a real report once, replacing on re-run', () => {
    const page = comparisonPage(c);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toMatch(/<img|<script|https?:\/\//);
    const report = renderReport(q1?.result as never);
    const once = injectComparison(report, comparisonSection(c, { pageLink: 'comparison.html' }));
    const twice = injectComparison(once, comparisonSection(c, { pageLink: 'comparison.html' }));
    expect(twice).toBe(once);
    expect(once.match(/<section id="comparison">/g)).toHaveLength(1);
    expect(once.indexOf('<section id="comparison">')).toBeLessThan(once.indexOf('<footer>'));
    expect(once.match(/href="#comparison"/g)).toHaveLength(1);
    expect(once).toMatch(/REGRESSION<\/b> against the baseline/);
    expect(injectComparison('<p>bare</p>', '<section id="comparison">x</section>')).toBe('<p>bare</p><section id="comparison">x</section>');
  });
});
