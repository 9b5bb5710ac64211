/**
 * The verdict of a run, and the judged result. Order of precedence, most important first:
 * 1. the run did not complete -> untrusted (nothing can be claimed from part of a run);
 * 2. an accuracy standard failed -> fail, even when the generator fell behind: a slow
 *    generator sends less load, it cannot lose, oversell or double-ship an order;
 * 3. the generator fell behind -> untrusted, instead of blaming the stack for latencies;
 * 4. a metric standard failed -> fail;
 * 5. nothing at all was measured -> untrusted;
 * 6. otherwise pass (a standard not measured is listed, and does not fail the run).
 */
import type { RunMeasurements, RunResult, StandardJudgment, TrustAssessment, Verdict } from '../results/run-result.ts';
import { judge } from './judge.ts';
import type { Standards } from './standard.ts';
import { assessTrust } from './trust.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';

export interface VerdictDecision {
  verdict: Verdict;
  reasons: string[];
}

const failLine = (j: StandardJudgment): string => `${j.id} failed: ${j.detail}`;

export function decideVerdict(judgments: readonly StandardJudgment[], trust: TrustAssessment, completed: boolean): VerdictDecision {
  const accuracyFails = judgments.filter((j) => j.verdict === 'fail' && j.kind === 'accuracy');
  const metricFails = judgments.filter((j) => j.verdict === 'fail' && j.kind === 'metric');
  const measured = judgments.filter((j) => j.verdict === 'pass' || j.verdict === 'fail');
  if (!completed) {
    return { verdict: 'untrusted', reasons: [...trust.reasons, ...[...accuracyFails, ...metricFails].map((j) => `also: ${failLine(j)}`)] };
  }
  if (accuracyFails.length > 0) {
    const extra = trust.trusted ? [] : trust.reasons.map((r) => `latency figures untrusted: ${r}`);
    return { verdict: 'fail', reasons: [...accuracyFails.map(failLine), ...metricFails.map(failLine), ...extra] };
  }
  if (!trust.trusted) {
    const blamed = metricFails.map((j) => `${j.id} failed, but cannot be blamed on the stack: ${j.detail}`);
    return { verdict: 'untrusted', reasons: [...trust.reasons, ...blamed] };
  }
  if (metricFails.length > 0) return { verdict: 'fail', reasons: metricFails.map(failLine) };
  if (measured.length === 0) return { verdict: 'untrusted', reasons: ['no standard could be measured'] };
  const unmeasured = judgments.filter((j) => j.verdict === 'not-measured').length;
  const note = unmeasured > 0 ? ` (${unmeasured} not measured)` : '';
  return { verdict: 'pass', reasons: [`all ${measured.length} measured standards met${note}`] };
}

/** Judges a run: standards, trust and verdict added to the measurements. */
export function judgeRun(standards: Standards, m: RunMeasurements): RunResult {
  const judgments = judge(standards, m);
  const trust = assessTrust(standards.trust, m);
  const { verdict, reasons } = decideVerdict(judgments, trust, m.status === 'completed');
  return { ...m, standards: judgments, trust, verdict, verdict_reasons: reasons };
}

/** Process exit code for a verdict (see lib/cli/exit-codes.ts for what each means). */
export const VERDICT_EXIT_CODES: Readonly<Record<Verdict, number>> = { pass: ExitCode.OK, fail: ExitCode.THRESHOLDS_FAILED, untrusted: ExitCode.UNTRUSTED };
