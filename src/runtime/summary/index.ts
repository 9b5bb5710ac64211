/** End-of-test summary and outputs: what the runtime's CLI calls once the run ends. */
export { GroupTree, type GroupNode, type CheckNode } from './group-tree.ts';
export { buildSummaryData, validateSummaryOptions, DEFAULT_TREND_STATS, type SummaryData, type SummaryMetric, type SummaryGroup, type SummaryCheck, type SummaryInput } from './summary-data.ts';
export { textSummary, type TextSummaryOptions } from './text-summary.ts';
export { legacySummaryExport } from './legacy-export.ts';
export { JsonOutput, type JsonOutputOptions } from './json-output.ts';
export { writeHdrLogs } from './hdr-logs.ts';
export { humanizeValue, humanizeDuration, humanizeBytes } from './humanize.ts';
