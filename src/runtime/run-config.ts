/**
 * Everything checked before a test sends anything: the script's options with the CLI's on top,
 * the execution segment, the thresholds (expressions, metric names, methods for the metric
 * types) and the exec functions the scenarios name. Every problem is collected, so one run
 * reports them all (exit 104).
 */
import { ExecutionTuple, parseExecutionSegment, parseSegmentSequence } from './execution-segment.ts';
import type { MetricsRegistry } from './metrics/registry.ts';
import { resolveOptions, type CliOverrides, type ResolvedOptions } from './options/script-options.ts';
import { parseThresholds, ThresholdEvaluator } from './thresholds/index.ts';

export interface RunConfig {
  options: ResolvedOptions;
  tuple: ExecutionTuple;
  /** Null when the script has no thresholds. */
  evaluator: ThresholdEvaluator | null;
  problems: string[];
}

export function checkRunConfig(input: {
  rawOptions: Readonly<Record<string, unknown>>;
  exports: Readonly<Record<string, unknown>>;
  registry: MetricsRegistry;
  cli?: CliOverrides;
  executionSegment?: string;
  executionSegmentSequence?: string;
}): RunConfig {
  const problems: string[] = [];
  const { options, errors } = resolveOptions(input.rawOptions, input.cli);
  problems.push(...errors);

  let tuple = new ExecutionTuple(null, null);
  const segText = input.executionSegment ?? options.executionSegment;
  const seqText = input.executionSegmentSequence ?? options.executionSegmentSequence;
  try {
    if (seqText && !segText) problems.push('--execution-segment-sequence needs --execution-segment');
    if (segText) tuple = new ExecutionTuple(parseExecutionSegment(segText), seqText ? parseSegmentSequence(seqText) : null);
  } catch (e) {
    problems.push((e as Error).message);
  }

  const parsed = parseThresholds(options.thresholds);
  problems.push(...parsed.errors);
  let evaluator: ThresholdEvaluator | null = null;
  // the expressions that parsed are still checked against the metrics, so one run reports
  // both a bad expression and an unknown metric
  if (parsed.thresholds.length > 0) {
    evaluator = new ThresholdEvaluator(input.registry, parsed.thresholds);
    problems.push(...evaluator.validate());
  }

  for (const s of options.scenarios) {
    if (typeof input.exports[s.config.exec] !== 'function') {
      problems.push(`scenarios.${s.name}: exec function "${s.config.exec}" is not exported by the script`);
    }
  }
  return { options, tuple, evaluator, problems };
}
