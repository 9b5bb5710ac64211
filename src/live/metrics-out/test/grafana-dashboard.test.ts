/**
 * docs/grafana/peakday.json: it parses, every query names only series peakday exports (taken
 * from the exporters themselves, fed a run), and each threshold drawn for a standard is that
 * standard's default limit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRunResult } from '../../../results/test/fixtures/build-run-result.ts';
import { defineBuiltins, MetricsRegistry } from '../../../runtime/metrics/registry.ts';
import { loadStandards } from '../../../standards/load-standards.ts';
import { METRICS } from '../../../standards/metric-names.ts';
import { seriesName } from '../metric-family.ts';
import { runFamilies } from '../run-families.ts';
import { TaggedSeries } from '../tagged-series.ts';

interface Panel {
  title: string;
  type: string;
  description?: string;
  targets?: { expr: string }[];
  fieldConfig?: { defaults?: { thresholds?: { steps: { color: string; value: number | null }[] } } };
}

const dashboard = JSON.parse(readFileSync(new URL('../../../../docs/grafana/peakday.json', import.meta.url), 'utf8')) as { panels: Panel[]; templating: { list: { query: unknown }[] } };

/** Every series name a run exports: the runtime's metrics (builtins and the scenarios') by k6's names, and peakday's. */
function exportedNames(): Set<string> {
  const registry = new MetricsRegistry({ series: false });
  defineBuiltins(registry);
  for (const [name, m] of Object.entries(METRICS)) if (m.source === 'generator' && !registry.get(name)) registry.define(name, m.type, m.contains);
  const tagged = new TaggedSeries(registry);
  for (const m of registry.all()) registry.add(m.name, 1, { scenario: 'promo', status: '200' });
  const result = buildRunResult({ durationSec: 30, faults: true });
  const names = new Set<string>();
  for (const frame of [{ result, progress: { elapsed_ms: 1000, stage: 'load' as const } }, { result }]) {
    for (const f of runFamilies(frame, tagged)) names.add(seriesName(f));
  }
  return names;
}

const exported = exportedNames();
const queries = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
const PROMQL_WORDS = new Set(['sum', 'by', 'rate', 'max', 'testid', 'status', 'kind', 'role', 'pid', 'verdict', 'standard']);

describe('docs/grafana/peakday.json', () => {
  it('has panels with queries, and a run picker over the exported testid label', () => {
    expect(queries.length).toBeGreaterThan(15);
    const picker = JSON.stringify(dashboard.templating.list);
    const named = /label_values\((\w+), testid\)/.exec(picker)?.[1];
    expect(named && exported.has(named)).toBe(true);
  });

  it('queries only series peakday exports', () => {
    expect(exported.has('k6_http_reqs_total')).toBe(true); // the exporters were fed
    const unknown: string[] = [];
    for (const q of queries) {
      const regexNames = [...q.expr.matchAll(/__name__=~"([^"]+)"/g)].map((m) => m[1] as string);
      for (const re of regexNames) if (![...exported].some((n) => new RegExp(`^(?:${re})$`).test(n))) unknown.push(`${q.panel}: ${re}`);
      const bare = q.expr.replace(/"[^"]*"/g, '""').replace(/\$\w+/g, '');
      for (const word of bare.match(/[a-zA-Z_][a-zA-Z0-9_]*/g) ?? []) {
        if (PROMQL_WORDS.has(word) || word === '__name__') continue;
        if (!exported.has(word)) unknown.push(`${q.panel}: ${word}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('draws each standard it names at its default limit', () => {
    const standards = loadStandards().standards;
    const drawn = dashboard.panels.filter((p) => /standard [a-z0-9-]+\./.test(p.description ?? ''));
    expect(drawn.length).toBeGreaterThanOrEqual(6);
    for (const p of drawn) {
      const id = /standard ([a-z0-9-]+)\./.exec(p.description ?? '')?.[1];
      const s = standards.find((x) => x.id === id);
      expect(s, `${p.title}: ${id}`).toBeDefined();
      if (!s) continue;
      const limit = s.unit === 'ms' ? s.limit / 1000 : s.limit;
      const steps = p.fieldConfig?.defaults?.thresholds?.steps ?? [];
      expect(steps.map((x) => x.value), p.title).toContain(limit);
    }
  });
});
