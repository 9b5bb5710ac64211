/**
 * Progress output: subscribes to an Engine's events. On a TTY, one live line redrawn each tick
 * (elapsed, VUs, iterations, dropped); otherwise a plain line every `plainEveryMs`. Warnings
 * and script logs go out as lines of their own (the live line is cleared first).
 */
import type { EventEmitter } from 'node:events';

export interface ProgressOptions {
  tty: boolean;
  quiet?: boolean;
  plainEveryMs?: number;
}

interface Tick {
  elapsedMs: number;
  vus: number;
  vusMax: number;
  iterations: number;
  interrupted: number;
  dropped: number;
}

function clock(ms: number): string {
  const s = ms / 1000;
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}m${(s - m * 60).toFixed(1).padStart(4, '0')}s`;
}

export function progressLine(t: Tick): string {
  return `running (${clock(t.elapsedMs)}), ${t.vus}/${t.vusMax} VUs, ${t.iterations} complete and ${t.interrupted} interrupted iterations, ${t.dropped} dropped`;
}

export function attachProgress(engine: EventEmitter, out: NodeJS.WritableStream, opts: ProgressOptions): () => void {
  let live = false;
  let lastPlain = 0;
  const every = opts.plainEveryMs ?? 5000;
  const clear = () => {
    if (live) out.write('\r\x1b[K');
    live = false;
  };
  const line = (s: string) => {
    clear();
    out.write(s + '\n');
  };
  const onTick = (t: Tick) => {
    if (opts.quiet) return;
    if (opts.tty) {
      out.write('\r\x1b[K' + progressLine(t));
      live = true;
    } else if (t.elapsedMs - lastPlain >= every) {
      lastPlain = t.elapsedMs;
      out.write(progressLine(t) + '\n');
    }
  };
  const onWarning = (w: { message: string }) => line(`WARN ${w.message}`);
  const onLog = (l: { level: string; message: string }) => line(`${l.level.toUpperCase()} ${l.message}`);
  const onStart = (s: { scenarios: { name: string; executor: string }[] }) => {
    if (!opts.quiet) line(`scenarios: ${s.scenarios.map((x) => `${x.name} (${x.executor})`).join(', ')}`);
  };
  const onEnd = () => clear();
  engine.on('tick', onTick);
  engine.on('warning', onWarning);
  engine.on('log', onLog);
  engine.on('start', onStart);
  engine.on('end', onEnd);
  return () => {
    clear();
    engine.off('tick', onTick);
    engine.off('warning', onWarning);
    engine.off('log', onLog);
    engine.off('start', onStart);
    engine.off('end', onEnd);
  };
}
