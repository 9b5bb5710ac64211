/**
 * Where a run stands while it is still going: what the live dashboard renders the report with.
 * A report rendered with a `LiveProgress` reads its standards as "so far" (on track, breaking)
 * instead of a verdict; without one it is the final report.
 */
export interface LiveProgress {
  /** ms since the load started. */
  elapsed_ms: number;
  /** What the scenario planned, when known, so the page shows how far along it is. */
  planned_ms?: number;
  /** What the harness is doing: the load, the drain after it, or judging. */
  stage: 'load' | 'drain' | 'judging';
}
