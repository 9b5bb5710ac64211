/**
 * HDR logs: each encoded histogram of a run as a `.hlog` file in HdrHistogram's log format
 * (v1.3), written by hdr-histogram-js's HistogramLogWriter, so HdrHistogram's own tools
 * (HistogramLogProcessor, HdrHistogramVisualizer) and any of its ports can read it.
 * Values are whole microseconds (LatencyHistogram's unit); the Interval_Max column is in ms.
 * A run holds one histogram per metric, so each log has one interval covering the run.
 */
import * as hdr from 'hdr-histogram-js';

export function hlogText(name: string, encoded: string, startedAt: number, endedAt: number): string {
  const h = hdr.decodeFromCompressedBase64(encoded, 'packed', false);
  h.tag = name.replace(/[,\s]/g, '_'); // a tag may hold neither commas nor spaces
  let out = '';
  const w = new hdr.HistogramLogWriter((s) => {
    out += s;
  });
  w.outputLogFormatVersion();
  w.outputComment(`[peakday metric ${h.tag}: values in microseconds, Interval_Max in milliseconds]`);
  w.outputStartTime(startedAt);
  w.outputLegend();
  w.outputIntervalHistogram(h, 0, Math.max(0, endedAt - startedAt) / 1000, 1000);
  h.destroy();
  return out;
}

/** File name for a metric's log: its name, made safe for a path. */
export function hlogFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_-]+/g, '_')}.hlog`;
}
