/**
 * The comparison in the terminal: the standards first (what a seller cares about), then the
 * figures, worse first; `info` rows only with `all` (they are context, not findings), and a
 * last line that says regression or not.
 */
import type { Comparison, FigureRow, RowVerdict, StandardRow } from './comparison.ts';
import { formatBand, formatDelta, formatIn, formatRatio } from './format-change.ts';

const MARK: Record<RowVerdict, string> = { worse: '✗', better: '↑', same: '=', missing: '?', info: '·' };
const ORDER: Record<RowVerdict, number> = { worse: 0, missing: 1, better: 2, same: 3, info: 4 };

function table(head: string[], rows: string[][]): string[] {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const pad = (s: string, i: number) => s + ' '.repeat(Math.max(0, (width[i] ?? 0) - [...s].length));
  return [head.map(pad).join('  ').trimEnd(), ...rows.map((r) => r.map(pad).join('  ').trimEnd())];
}

const sorted = <T extends { verdict: RowVerdict }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);

function standardCells(r: StandardRow): string[] {
  return [MARK[r.verdict], r.id, `${r.baseline_verdict} → ${r.current_verdict}`, formatIn(r.baseline, r.unit), formatIn(r.current, r.unit), formatDelta(r.change, r.unit), formatRatio(r.change_ratio), formatBand(r.allowed, r.unit), r.verdict + (r.note ? ` (${r.note})` : '')];
}

function figureCells(r: FigureRow): string[] {
  return [MARK[r.verdict], r.id, formatIn(r.baseline, r.unit), formatIn(r.current, r.unit), formatDelta(r.change, r.unit), formatRatio(r.change_ratio), formatBand(r.allowed, r.unit), r.verdict + (r.note ? ` (${r.note})` : '')];
}

export function renderComparisonText(c: Comparison, opts: { all?: boolean } = {}): string {
  const out: string[] = [];
  const n = c.baseline_runs.length;
  out.push(`peakday compare ${c.scenario}: current ${c.current.source} (${c.current.verdict}) vs ${n} baseline run${n === 1 ? '' : 's'}`);
  for (const b of c.baseline_runs) out.push(`  baseline ${b.source} (${b.verdict})`);
  out.push('');
  out.push('standards');
  const std = sorted(c.standards).filter((r) => opts.all || r.verdict !== 'info' || r.note !== 'not measured on either side');
  out.push(...table(['', 'standard', 'verdict', 'baseline', 'current', 'change', 'rel', 'noise', 'comparison'], std.map(standardCells)).map((l) => `  ${l}`));
  out.push('');
  const figs = sorted(c.figures).filter((r) => opts.all || r.verdict !== 'info');
  const hidden = c.figures.length - figs.length;
  out.push(`figures${hidden > 0 ? ` (${hidden} shown for context only are hidden; --all shows them)` : ''}`);
  out.push(...table(['', 'figure', 'baseline', 'current', 'change', 'rel', 'noise', 'comparison'], figs.map(figureCells)).map((l) => `  ${l}`));
  out.push('');
  for (const w of c.warnings) out.push(`warning: ${w}`);
  const k = c.counts;
  out.push(`${k.worse} worse, ${k.better} better, ${k.same} same, ${k.missing} missing, ${k.info} not judged`);
  out.push(c.regression ? `REGRESSION: ${c.regressions.join(', ')}` : 'no regression');
  return `${out.join('\n')}\n`;
}
