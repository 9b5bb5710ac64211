/**
 * `--summary-export FILE`: k6's legacy flat JSON. Groups and checks are objects keyed by
 * name; each metric is its values flattened (a Rate as {passes, fails, value}); a metric's
 * thresholds map expression → true when it FAILED (k6's inverted legacy convention).
 */
import type { SummaryData, SummaryGroup } from './summary-data.ts';

interface LegacyGroup {
  name: string;
  path: string;
  id: string;
  groups: Record<string, LegacyGroup>;
  checks: Record<string, { name: string; path: string; id: string; passes: number; fails: number }>;
}

function legacyGroup(g: SummaryGroup): LegacyGroup {
  const groups: Record<string, LegacyGroup> = {};
  for (const sub of g.groups) groups[sub.name] = legacyGroup(sub);
  const checks: LegacyGroup['checks'] = {};
  for (const c of g.checks) checks[c.name] = { ...c };
  return { name: g.name, path: g.path, id: g.id, groups, checks };
}

export function legacySummaryExport(data: SummaryData): { root_group: LegacyGroup; metrics: Record<string, Record<string, unknown>> } {
  const metrics: Record<string, Record<string, unknown>> = {};
  for (const [name, m] of Object.entries(data.metrics)) {
    const out: Record<string, unknown> =
      m.type === 'rate' ? { passes: m.values.passes ?? 0, fails: m.values.fails ?? 0, value: m.values.rate ?? 0 } : { ...m.values };
    if (m.thresholds) {
      const th: Record<string, boolean> = {};
      for (const [expr, t] of Object.entries(m.thresholds)) th[expr] = !t.ok;
      out.thresholds = th;
    }
    metrics[name] = out;
  }
  return { root_group: legacyGroup(data.root_group), metrics };
}
