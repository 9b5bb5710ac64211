/**
 * The end of a run in the terminal: the verdict, the standards table (id, limit, measured,
 * ✓ pass / ✗ fail / ? not measured / – disabled), why, and where the report is.
 */
import type { RunResult, StandardVerdict, Verdict } from './run-result.ts';

export interface TerminalOptions {
  /** ANSI colours (when stdout is a TTY and NO_COLOR is unset). */
  color?: boolean;
  /** Path shown for the report; defaults to result.files.report inside result.files.dir. */
  reportPath?: string;
}

const MARK: Record<StandardVerdict, string> = { pass: '✓', fail: '✗', 'not-measured': '?', disabled: '–' };
const ANSI = { green: '\u001b[32m', red: '\u001b[31m', yellow: '\u001b[33m', dim: '\u001b[2m', bold: '\u001b[1m', reset: '\u001b[0m' };
const VERDICT_COLOR: Record<Verdict, keyof typeof ANSI> = { pass: 'green', fail: 'red', untrusted: 'yellow' };
const MARK_COLOR: Record<StandardVerdict, keyof typeof ANSI> = { pass: 'green', fail: 'red', 'not-measured': 'yellow', disabled: 'dim' };

/** Removes terminal control sequences from user-supplied text (a scenario name could hold them). */
function plain(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
}

export function renderTerminal(r: RunResult, opts: TerminalOptions = {}): string {
  const c = (color: keyof typeof ANSI, s: string) => (opts.color ? `${ANSI[color]}${s}${ANSI.reset}` : s);
  // Same rule as junit.xml: once the generator fell behind, latency figures judge nothing.
  const doubtful = (kind: string, v: StandardVerdict) => !r.trust.trusted && (v === 'pass' || v === 'fail') && (kind === 'metric' || r.status !== 'completed');
  const rows = r.standards.map((j) => [MARK[j.verdict], j.id, j.limit_text, j.measured_text, doubtful(j.kind, j.verdict) ? `${j.verdict} (untrusted)` : j.verdict]);
  const head = ['', 'standard', 'limit', 'measured', 'verdict'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => [...(row[i] ?? '')].length)));
  const pad = (s: string, i: number) => s + ' '.repeat(Math.max(0, (width[i] ?? 0) - [...s].length));
  const out: string[] = [];
  out.push(c('bold', `peakday ${plain(r.scenario)}: ${c(VERDICT_COLOR[r.verdict], r.verdict.toUpperCase())}${r.status !== 'completed' ? ` (run ${r.status})` : ''}`));
  out.push('');
  out.push(c('dim', head.map(pad).join('  ').trimEnd()));
  r.standards.forEach((j, k) => {
    const cells = (rows[k] ?? []).map(pad);
    cells[0] = c(MARK_COLOR[j.verdict], cells[0] ?? '');
    cells[4] = c(MARK_COLOR[j.verdict], cells[4] ?? '');
    out.push(cells.join('  ').trimEnd());
  });
  out.push('');
  for (const reason of r.verdict_reasons) out.push(`  ${plain(reason)}`);
  const report = opts.reportPath ?? (r.files ? `${r.files.dir}/${r.files.report}` : undefined);
  if (report) out.push('', `report: ${plain(report)}`);
  return `${out.join('\n')}\n`;
}
