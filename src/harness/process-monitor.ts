/**
 * CPU and memory of every process in a run, sampled from /proc once a second.
 *
 * Generator, mock and stack share two cores, so every run reports each one's CPU: a
 * generator pinned at 100% of a core explains a slow run better than any stack latency.
 * CPU % is of one core (200% = both cores busy), computed from utime+stime deltas.
 */
import { readFileSync } from 'node:fs';
import type { ProcessVitals } from '../../lib/process/vitals.ts';

export interface ProcessSample {
  /** Unix ms. */
  t: number;
  cpuPct: number;
  rssBytes: number;
  /** p99 event-loop delay (ms) the process reported for the last interval, when it reports one. */
  eldMs?: number;
}

/** Asks a process for its vitals since the last ask (e.g. its /health answer). */
export type VitalsProbe = () => Promise<ProcessVitals | undefined>;

export interface ProcessSeries {
  role: string;
  pid: number;
  samples: ProcessSample[];
  /** Used heap after each major GC the process reported, stamped when the harness heard of it. */
  heapAfterGc: { t: number; bytes: number }[];
}

const CLOCK_TICKS = 100; // USER_HZ on Linux; /proc times are in these ticks
const PAGE_FALLBACK = 4096;

interface Reading {
  ticks: number;
  rssBytes: number;
}

function read(pid: number): Reading | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    const rssPages = Number(rest[21]);
    return { ticks: utime + stime, rssBytes: rssPages * PAGE_FALLBACK };
  } catch {
    return undefined; // the process is gone
  }
}

export class ProcessMonitor {
  private readonly series = new Map<number, ProcessSeries>();
  private readonly last = new Map<number, { t: number; ticks: number }>();
  private readonly probes = new Map<number, VitalsProbe>();
  private readonly delays = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 1000) {}

  watch(role: string, pid: number, probe?: VitalsProbe): void {
    this.series.set(pid, { role, pid, samples: [], heapAfterGc: [] });
    if (probe) this.probes.set(pid, probe);
    const r = read(pid);
    if (r) this.last.set(pid, { t: Date.now(), ticks: r.ticks });
  }

  start(): void {
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  sample(): void {
    const now = Date.now();
    for (const [pid, s] of this.series) {
      const r = read(pid);
      const prev = this.last.get(pid);
      if (!r) continue;
      if (prev && now > prev.t) {
        const cpuPct = (((r.ticks - prev.ticks) / CLOCK_TICKS) * 1000 * 100) / (now - prev.t);
        const sample: ProcessSample = { t: now, cpuPct: Math.round(cpuPct * 10) / 10, rssBytes: r.rssBytes };
        const eld = this.delays.get(pid);
        if (eld !== undefined) sample.eldMs = eld;
        s.samples.push(sample);
      }
      // The delay lands in the next sample: a probe must never hold up the sampling.
      this.probes.get(pid)?.().then(
        (v) => this.heard(s, v),
        () => this.delays.delete(pid),
      );
      this.last.set(pid, { t: now, ticks: r.ticks });
    }
  }

  private heard(s: ProcessSeries, v: ProcessVitals | undefined): void {
    if (v === undefined) {
      this.delays.delete(s.pid);
      return;
    }
    this.delays.set(s.pid, v.event_loop_delay_p99_ms);
    const t = Date.now();
    for (const bytes of v.heap_after_gc_bytes ?? []) s.heapAfterGc.push({ t, bytes });
  }

  /** Every series so far, without stopping (the live view reads it each second). */
  current(): ProcessSeries[] {
    return [...this.series.values()].map((s) => ({ ...s, samples: s.samples.slice(), heapAfterGc: s.heapAfterGc.slice() }));
  }

  stop(): ProcessSeries[] {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return [...this.series.values()];
  }
}

/** Average and maximum of a series. */
export function summarise(s: ProcessSeries): { avgCpuPct: number; maxCpuPct: number; maxRssBytes: number; maxEldMs?: number } {
  const n = s.samples.length;
  if (n === 0) return { avgCpuPct: 0, maxCpuPct: 0, maxRssBytes: 0 };
  const elds = s.samples.flatMap((x) => (x.eldMs === undefined ? [] : [x.eldMs]));
  let sum = 0;
  let max = 0;
  let maxRss = 0;
  for (const x of s.samples) {
    sum += x.cpuPct;
    max = Math.max(max, x.cpuPct);
    maxRss = Math.max(maxRss, x.rssBytes);
  }
  return {
    avgCpuPct: Math.round((sum / n) * 10) / 10,
    maxCpuPct: max,
    maxRssBytes: maxRss,
    ...(elds.length > 0 ? { maxEldMs: Math.max(...elds) } : {}),
  };
}
