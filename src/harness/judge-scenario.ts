/**
 * The standards, plus every threshold the scenario itself declares (certify's `checks:
 * ['rate==1']`): a scenario's own pass/fail criteria belong in the verdict and the JUnit file.
 */
import type { RunMeasurements, RunResult, StandardJudgment } from '../results/run-result.ts';
import type { SummaryData } from '../runtime/summary/index.ts';
import { judge } from '../standards/judge.ts';
import type { Standards } from '../standards/standard.ts';
import { assessTrust } from '../standards/trust.ts';
import { decideVerdict } from '../standards/verdict.ts';

export function judgeWithScenarioThresholds(standards: Standards, m: RunMeasurements, summary: SummaryData | null): RunResult {
  const judgments: StandardJudgment[] = [...judge(standards, m), ...scenarioThresholds(summary)];
  const trust = assessTrust(standards.trust, m);
  const { verdict, reasons } = decideVerdict(judgments, trust, m.status === 'completed');
  return { ...m, standards: judgments, trust, verdict, verdict_reasons: reasons };
}

function scenarioThresholds(summary: SummaryData | null): StandardJudgment[] {
  const judgments: StandardJudgment[] = [];
  for (const [metric, sm] of Object.entries(summary?.metrics ?? {})) {
    for (const [expr, t] of Object.entries(sm.thresholds ?? {})) {
      const shown = sm.type === 'rate' ? `${((sm.values.rate ?? 0) * 100).toFixed(2)}%` : JSON.stringify(sm.values);
      judgments.push({
        id: `scenario:${metric}`,
        title: `Scenario threshold ${metric} ${expr}`,
        kind: 'metric',
        limit_text: expr,
        metric,
        measured: sm.type === 'rate' ? (sm.values.rate ?? null) : null,
        measured_text: shown,
        unit: sm.type === 'rate' ? 'ratio' : 'value',
        verdict: t.ok ? 'pass' : 'fail',
        detail: t.ok ? 'the scenario\'s own threshold held' : `the scenario's own threshold failed (${metric}: ${shown})`,
        grounding: 'declared by the scenario script (options.thresholds)',
      });
    }
  }
  return judgments;
}
