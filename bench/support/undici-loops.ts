/**
 * The bare-undici peers of the HTTP benches: what the transport alone costs, with none of
 * the runtime (no VUs, no metrics, no k6 API). Both drive an undici Pool with `dispatch` and a
 * handler that only counts, like the runtime's own transport does:
 *   - closedLoop: `workers` loops, each sending its next request when the last one completes;
 *   - openLoop: requests due at i / rate seconds, every due one started per timer tick, no cap
 *     on concurrency (the floor any open-model generator on Node pays per request).
 * CPU is this process's, from the first request to the last completion.
 */
import { Pool } from 'undici';
import { selfCpuSeconds } from './processes.ts';

export interface LoopRequest {
  method: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface LoopReport {
  requests: number;
  errors: number;
  cpuS: number;
  wallS: number;
}

function sender(url: URL, req: LoopRequest, pool: Pool) {
  const body = req.body === undefined ? null : Buffer.from(req.body);
  const opts = { origin: url.origin, path: url.pathname, method: req.method, headers: req.headers ?? {}, body };
  return (done: (ok: boolean) => void) => {
    pool.dispatch(opts, {
      onConnect() {},
      onHeaders: () => true,
      onData: () => true,
      onComplete: () => done(true),
      onError: () => done(false),
    } as never);
  };
}

export async function closedLoop(target: string, req: LoopRequest, workers: number, seconds: number): Promise<LoopReport> {
  const pool = new Pool(new URL(target).origin, { connections: workers, pipelining: 1 });
  const send = sender(new URL(target), req, pool);
  const cpu0 = selfCpuSeconds();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let requests = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: workers }, () => new Promise<void>((finish) => {
      const next = (ok: boolean) => {
        requests++;
        if (!ok) errors++;
        if (performance.now() < end) send(next);
        else finish();
      };
      send(next);
    })),
  );
  const report = { requests, errors, cpuS: selfCpuSeconds() - cpu0, wallS: (performance.now() - t0) / 1000 };
  await pool.close();
  return report;
}

export async function openLoop(target: string, req: LoopRequest, rate: number, seconds: number): Promise<LoopReport> {
  const pool = new Pool(new URL(target).origin, { connections: 2000, pipelining: 1 });
  const send = sender(new URL(target), req, pool);
  const total = rate * seconds;
  let started = 0;
  let requests = 0;
  let errors = 0;
  const cpu0 = selfCpuSeconds();
  const t0 = performance.now();
  await new Promise<void>((finish) => {
    const done = (ok: boolean) => {
      requests++;
      if (!ok) errors++;
      if (requests === total) finish();
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      while (started < due) {
        started++;
        send(done);
      }
      if (started < total) setTimeout(tick, 1);
    };
    tick();
  });
  const report = { requests, errors, cpuS: selfCpuSeconds() - cpu0, wallS: (performance.now() - t0) / 1000 };
  await pool.close();
  return report;
}
