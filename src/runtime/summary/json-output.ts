/**
 * `--out json=FILE`: k6's NDJSON. One `{"type":"Metric",...}` line the first time a metric
 * is seen, then one `{"type":"Point","data":{"time","value","tags"},"metric":...}` line per
 * sample.
 *
 * At high rates the disk (or the JSON encoding) can fall behind the samples. This output
 * never lets that grow memory without bound and never slows the VUs down: lines are batched
 * into ~64 KiB writes, and while more than `maxBufferedBytes` (default 32 MiB) is queued
 * in the file stream, new samples are DROPPED and counted in `dropped` (their Metric lines
 * never are). The first drop calls `onWarn` once; `close()` resolves after the queue is
 * flushed and the counts are final, so the caller can report "N points dropped". Every
 * sample still reaches the summary, thresholds and HDR logs: only this file is lossy.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { MetricsRegistry, Tags } from '../metrics/registry.ts';

export interface JsonOutputOptions {
  readonly maxBufferedBytes?: number;
  readonly flushBytes?: number;
  readonly flushIntervalMs?: number;
  readonly onWarn?: (message: string) => void;
}

export class JsonOutput {
  /** Point lines handed to the file. */
  written = 0;
  /** Point lines dropped because the file fell behind. */
  dropped = 0;
  private readonly stream: WriteStream;
  private pending = '';
  private readonly seen = new Set<string>();
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout;
  private error: Error | null = null;
  private closed: Promise<void> | null = null;
  private readonly maxBuffered: number;
  private readonly flushBytes: number;
  private warned = false;

  constructor(
    readonly path: string,
    private readonly registry: MetricsRegistry,
    private readonly opts: JsonOutputOptions = {},
  ) {
    this.maxBuffered = opts.maxBufferedBytes ?? 32 * 1024 * 1024;
    this.flushBytes = opts.flushBytes ?? 64 * 1024;
    this.stream = createWriteStream(path);
    this.stream.on('error', (e) => (this.error ??= e));
    this.unsubscribe = registry.onSample((name, value, tags, time) => this.onSample(name, value, tags, time));
    this.timer = setInterval(() => this.flush(), opts.flushIntervalMs ?? 250);
    this.timer.unref();
  }

  private onSample(name: string, value: number, tags: Tags, time: number): void {
    if (!this.seen.has(name)) {
      this.seen.add(name);
      const m = this.registry.get(name);
      if (m) {
        const data = { name, type: m.type, contains: m.contains, thresholds: [] as string[], submetrics: m.submetrics.length ? m.submetrics.map((s) => ({ name: s.name, tags: s.selector })) : null };
        this.pending += `${JSON.stringify({ type: 'Metric', data, metric: name })}\n`;
      }
    }
    if (this.stream.writableLength + this.pending.length > this.maxBuffered) {
      this.dropped++;
      if (!this.warned) {
        this.warned = true;
        this.opts.onWarn?.(`--out json ${this.path}: the file is falling behind; dropping points (counted) to keep memory bounded`);
      }
      return;
    }
    this.pending += `{"type":"Point","data":{"time":"${new Date(time).toISOString()}","value":${value},"tags":${JSON.stringify(tags)}},"metric":"${name}"}\n`;
    this.written++;
    if (this.pending.length >= this.flushBytes) this.flush();
  }

  private flush(): void {
    if (this.pending === '' || this.error) return;
    this.stream.write(this.pending);
    this.pending = '';
  }

  /** Stops listening, writes what is queued, closes the file; rejects if the file failed. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve, reject) => {
      this.unsubscribe();
      clearInterval(this.timer);
      this.flush();
      if (this.stream.closed) {
        if (this.error) reject(this.error);
        else resolve();
        return;
      }
      // 'close' comes after 'finish' or after 'error' (autoClose), so the verdict is final then.
      this.stream.once('close', () => (this.error ? reject(this.error) : resolve()));
      this.stream.end();
    });
    return this.closed;
  }
}
