/** Thresholds: parse `options.thresholds`, validate against the registry, evaluate. */
export { parseThresholds, type MetricThresholds, type ParsedThreshold, type ParsedThresholds } from './config.ts';
export { ThresholdEvaluator, type ThresholdResult } from './evaluator.ts';
export { parseThresholdExpression, type ThresholdExpression, type AggregationMethod, type Operator } from './expression.ts';
