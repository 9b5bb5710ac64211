/**
 * Every family a run exports at a moment: k6's (from the runtime's samples, by tag) and
 * peakday's own (from the latest frame). Every series carries `testid` — the run's id, its
 * start time and scenario as its results folder is named — the label k6 users filter
 * dashboards by.
 */
import type { LiveFrame } from '../live-feed.ts';
import { k6Families } from './k6-families.ts';
import type { Family } from './metric-family.ts';
import { peakdayFamilies } from './peakday-families.ts';
import type { TaggedSeries } from './tagged-series.ts';

export function testId(startedAt: number, scenario: string): string {
  const d = new Date(startedAt).toISOString();
  return `${d.slice(0, 10).replace(/-/g, '')}-${d.slice(11, 19).replace(/:/g, '')}-${scenario}`;
}

export function runFamilies(frame: LiveFrame | undefined, tagged: TaggedSeries | undefined): Family[] {
  if (!frame) return [];
  const common = { testid: testId(frame.result.started_at, frame.result.scenario) };
  const elapsed = frame.progress?.elapsed_ms ?? frame.result.ended_at - frame.result.started_at;
  return [...k6Families(tagged?.all() ?? [], elapsed, common), ...peakdayFamilies(frame, common)];
}
