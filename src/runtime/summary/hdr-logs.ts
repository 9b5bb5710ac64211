/**
 * One HdrHistogram log (`.hlog`, the format HdrHistogram's HistogramLogProcessor and
 * HdrHistogram plotters read) per Trend that received samples: one interval histogram per
 * time-series point, timestamps in seconds since the run's start. Values are stored in the
 * histogram's units (µs for time Trends, thousandths otherwise); the max column is scaled
 * back to the metric's unit (ms for time Trends).
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as hdr from 'hdr-histogram-js';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import type { MetricsRegistry } from '../metrics/registry.ts';
import { rangeFor, seriesRangeFor, type TrendSink } from '../metrics/trend-sink.ts';

/** Writes the logs into `dir` (created if missing); returns the files written. */
export async function writeHdrLogs(registry: MetricsRegistry, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const m of registry.all()) {
    if (m.type !== 'trend' || m.parent !== null || m.sink.samples === 0) continue;
    const range = rangeFor(m.contains);
    let text = '';
    const w = new hdr.HistogramLogWriter((s: string) => (text += s));
    w.outputComment(`peakday ${m.name} (${m.contains === 'time' ? 'values in µs' : 'values in thousandths'})`);
    w.outputLogFormatVersion();
    w.outputStartTime(registry.origin);
    w.outputLegend();
    const points = m.series ? m.series.list() : [];
    const width = m.series ? m.series.intervalMs : 0;
    if (points.length > 0) {
      for (const p of points) {
        if (p.hist === undefined) continue;
        const h = LatencyHistogram.decode(p.hist, seriesRangeFor(m.contains));
        const start = (p.t - registry.origin) / 1000;
        w.outputIntervalHistogram(h.raw, start, start + width / 1000, range.unitsPerValue);
      }
    } else {
      const sink = m.sink as TrendSink;
      w.outputIntervalHistogram(sink.hist.raw, 0, (Date.now() - registry.origin) / 1000, range.unitsPerValue);
    }
    const file = join(dir, `${m.name}.hlog`);
    await writeFile(file, text);
    files.push(file);
  }
  return files;
}
