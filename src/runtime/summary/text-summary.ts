/**
 * The end-of-test summary in k6's layout (k6 ≥ 1.0): a THRESHOLDS section (each metric with
 * thresholds, then one ✓/✗ line per expression with the value it was judged on), a TOTAL
 * RESULTS section (checks totals, each check ✓/✗ with its pass share when some failed, then
 * the metrics by category, custom first, with dotted leaders and aligned columns), then one
 * GROUP section per top-level group with its checks. Colours are ANSI and optional.
 */
import type { SummaryData, SummaryGroup, SummaryMetric } from './summary-data.ts';
import { humanizeValue } from './humanize.ts';

export interface TextSummaryOptions {
  readonly enableColors: boolean;
  /** Prefix for every line (k6's `indent` option). */
  readonly indent?: string;
}

const OK = '✓';
const FAIL = '✗';

class Paint {
  constructor(private readonly on: boolean) {}
  private wrap(code: string, s: string): string {
    return this.on ? `\x1b[${code}m${s}\x1b[0m` : s;
  }
  green = (s: string) => this.wrap('32', s);
  red = (s: string) => this.wrap('31', s);
  cyan = (s: string) => this.wrap('36', s);
  faint = (s: string) => this.wrap('2;37', s);
  bold = (s: string) => this.wrap('1', s);
}

/** Display width without ANSI escapes. */
function width(s: string): number {
  return [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;
}

const pad = (n: number) => ' '.repeat(Math.max(0, n));

function category(name: string): 'custom' | 'http' | 'execution' | 'network' {
  if (name.startsWith('http_')) return 'http';
  if (['iterations', 'iteration_duration', 'iteration_start_delay', 'dropped_iterations', 'vus', 'vus_max', 'group_duration'].includes(name)) return 'execution';
  if (name === 'data_sent' || name === 'data_received') return 'network';
  return 'custom';
}

function parentOf(name: string): string {
  const i = name.indexOf('{');
  return i === -1 ? name : name.slice(0, i);
}

/** Parents sorted by name, each followed by its submetrics (k6's ordering). */
function sortNames(names: string[]): string[] {
  return names.sort((a, b) => {
    const pa = parentOf(a);
    const pb = parentOf(b);
    if (pa !== pb) return pa < pb ? -1 : 1;
    return a.length === pa.length ? -1 : b.length === pb.length ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
}

/** The main value and the extras of a non-trend metric (k6's columns). */
function nonTrendCells(m: SummaryMetric, unit: string): string[] {
  const v = m.values;
  const h = (x: number | undefined) => humanizeValue(x ?? 0, m, unit);
  switch (m.type) {
    case 'counter':
      return [h(v.count), `${humanizeValue(v.rate ?? 0, { type: 'counter', contains: m.contains === 'data' ? 'data' : 'default' }, unit)}/s`];
    case 'gauge':
      return [h(v.value), `min=${h(v.min)}`, `max=${h(v.max)}`];
    case 'rate':
      return [h(v.rate), `${v.passes ?? 0} out of ${(v.passes ?? 0) + (v.fails ?? 0)}`];
    default:
      return ['[no data]'];
  }
}

function trendCell(m: SummaryMetric, stat: string, unit: string): string {
  const x = m.values[stat];
  if (x === undefined) return '-';
  return stat === 'count' ? String(x) : humanizeValue(x, m, unit);
}

interface Row {
  readonly label: string;
  readonly metric: SummaryMetric;
}

/** Metric lines with aligned leaders and columns. */
function renderRows(rows: Row[], data: SummaryData, p: Paint, indent: string): string[] {
  const unit = data.options.summaryTimeUnit;
  const stats = data.options.summaryTrendStats;
  const nameW = Math.max(0, ...rows.map((r) => width(r.label)));
  const cells = rows.map((r) => (r.metric.type === 'trend' ? stats.map((s) => trendCell(r.metric, s, unit)) : nonTrendCells(r.metric, unit)));
  const trendW = stats.map((_, i) => Math.max(0, ...rows.map((r, j) => (r.metric.type === 'trend' ? width(cells[j]?.[i] ?? '') : 0))));
  const colW: number[] = [];
  rows.forEach((r, j) => {
    if (r.metric.type !== 'trend') (cells[j] ?? []).forEach((c, i) => (colW[i] = Math.max(colW[i] ?? 0, width(c))));
  });
  return rows.map((r, j) => {
    const c = cells[j] ?? [];
    const data =
      r.metric.type === 'trend'
        ? stats.map((s, i) => `${s}=${p.cyan(c[i] ?? '')}${pad((trendW[i] ?? 0) - width(c[i] ?? ''))}`).join(' ')
        : c.map((x, i) => `${i === 0 ? p.cyan(x) : p.faint(x)}${pad((colW[i] ?? 0) - width(x))}`).join(' ');
    return `${indent}${r.label}${p.faint('.'.repeat(nameW - width(r.label) + 3) + ':')} ${data.trimEnd()}`;
  });
}

function renderCheck(c: { name: string; passes: number; fails: number }, p: Paint, indent: string): string[] {
  if (c.fails === 0) return [indent + p.green(`${OK} ${c.name}`)];
  const pct = Math.floor((100 * c.passes) / (c.passes + c.fails));
  return [indent + p.red(`${FAIL} ${c.name}`), `${indent}  ${p.red(`↳  ${pct}% — ${OK} ${c.passes} / ${FAIL} ${c.fails}`)}`];
}

function thresholdLines(data: SummaryData, p: Paint): string[] {
  const names = sortNames(Object.keys(data.metrics).filter((n) => data.metrics[n]?.thresholds));
  const out: string[] = [];
  for (const name of names) {
    const m = data.metrics[name] as SummaryMetric;
    const parent = parentOf(name);
    const nested = parent !== name && data.metrics[parent] !== undefined;
    const ind = nested ? '      ' : '    ';
    out.push(ind + (nested ? name.slice(parent.length) : name));
    for (const [source, t] of Object.entries(m.thresholds ?? {})) {
      const agg = source.split(/[=><!]/)[0]?.trim() ?? '';
      const key = m.type === 'counter' && agg === 'rate' ? 'rate' : agg;
      const v = m.values[key];
      const shown = v === undefined ? '' : ` ${agg}=${p.cyan(m.type === 'counter' && agg === 'rate' ? `${humanizeValue(v, { type: 'counter', contains: 'default' })}/s` : humanizeValue(v, m, data.options.summaryTimeUnit))}`;
      out.push(`${ind}${t.ok ? p.green(OK) : p.red(FAIL)} '${source}'${shown}`);
    }
    out.push('');
  }
  return out;
}

function checksTotals(data: SummaryData, p: Paint): string[] {
  const c = data.metrics.checks;
  if (!c) return [];
  const passes = c.values.passes ?? 0;
  const fails = c.values.fails ?? 0;
  const total = passes + fails;
  const secs = data.state.testRunDurationMs / 1000;
  const rows: Row[] = [
    { label: 'checks_total', metric: { type: 'counter', contains: 'default', values: { count: total, rate: secs > 0 ? total / secs : 0 } } },
    { label: 'checks_succeeded', metric: { type: 'rate', contains: 'default', values: { rate: total ? passes / total : 0, passes, fails } } },
    { label: 'checks_failed', metric: { type: 'rate', contains: 'default', values: { rate: total ? fails / total : 0, passes: fails, fails: passes } } },
  ];
  return renderRows(rows, data, p, '    ');
}

function allChecks(g: SummaryGroup): SummaryGroup['checks'] {
  return g.checks;
}

function groupSection(g: SummaryGroup, p: Paint, depth: number): string[] {
  const ind = '  '.repeat(depth + 1);
  const out: string[] = [];
  for (const c of g.checks) out.push(...renderCheck(c, p, `${ind}  `));
  for (const sub of g.groups) {
    out.push('', `${ind}  ↳ ${p.bold(`GROUP: ${sub.name}`)}`, '');
    out.push(...groupSection(sub, p, depth + 1));
  }
  return out;
}

export function textSummary(data: SummaryData, opts: TextSummaryOptions): string {
  const p = new Paint(opts.enableColors);
  const lines: string[] = [];
  const title = (t: string) => lines.push('', `  █ ${p.bold(t)}`, '');

  const th = thresholdLines(data, p);
  if (th.length > 0) {
    title('THRESHOLDS');
    lines.push(...th, '');
  }

  title('TOTAL RESULTS');
  const totals = checksTotals(data, p);
  if (totals.length > 0) {
    lines.push(...totals, '');
    for (const c of allChecks(data.root_group)) lines.push(...renderCheck(c, p, '    '));
    if (data.root_group.checks.length > 0) lines.push('');
  }
  const byCat = new Map<string, Row[]>();
  const names = sortNames(Object.keys(data.metrics).filter((n) => parentOf(n) !== 'checks'));
  for (const name of names) {
    const cat = category(parentOf(name));
    const parent = parentOf(name);
    const label = parent === name ? name : `  { ${name.slice(parent.length + 1, -1)} }`;
    const rows = byCat.get(cat) ?? [];
    rows.push({ label, metric: data.metrics[name] as SummaryMetric });
    byCat.set(cat, rows);
  }
  for (const cat of ['custom', 'http', 'execution', 'network']) {
    const rows = byCat.get(cat);
    if (!rows) continue;
    lines.push(`    ${p.bold(cat.toUpperCase())}`, ...renderRows(rows, data, p, '    '), '');
  }

  for (const g of [...data.root_group.groups].sort((a, b) => a.name.localeCompare(b.name))) {
    title(`GROUP: ${g.name}`);
    lines.push(...groupSection(g, p, 0), '');
  }

  const prefix = opts.indent ?? '';
  return lines.map((l) => (l === '' ? l : prefix + l)).join('\n') + '\n';
}
