import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessMonitor, summarise } from '../process-monitor.ts';

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

describe('ProcessMonitor', () => {
  it('sees a busy process use CPU and an idle one not, and their memory', async () => {
    const busy = spawn(process.execPath, ['-e', 'for(;;){}']);
    const idle = spawn(process.execPath, ['-e', 'setInterval(()=>{}, 1000)']);
    children.push(busy, idle);
    const m = new ProcessMonitor(200);
    m.watch('busy', busy.pid as number);
    m.watch('idle', idle.pid as number);
    m.start();
    await new Promise((r) => setTimeout(r, 1500));
    const [b, i] = m.stop();
    const sb = summarise(b!);
    const si = summarise(i!);
    expect(b!.samples.length).toBeGreaterThanOrEqual(3);
    expect(sb.maxCpuPct).toBeGreaterThan(20); // a spinning loop, even on a loaded machine
    expect(si.avgCpuPct).toBeLessThan(sb.avgCpuPct);
    expect(sb.maxRssBytes).toBeGreaterThan(10 * 1024 * 1024);
  });

  it('keeps what a process reports of itself: its delay in the next sample, each heap after GC', async () => {
    const m = new ProcessMonitor(1000);
    let asks = 0;
    m.watch('self', process.pid, async () => ({ event_loop_delay_p99_ms: 7, heap_after_gc_bytes: asks++ === 0 ? [100, 120] : [] }));
    m.sample();
    await new Promise((r) => setTimeout(r, 20));
    m.sample();
    await new Promise((r) => setTimeout(r, 20));
    const [s] = m.stop();
    expect(s!.heapAfterGc.map((x) => x.bytes)).toEqual([100, 120]);
    expect(s!.samples.some((x) => x.eldMs === 7)).toBe(true);
  });

  it('stops sampling a process that is gone without failing', async () => {
    const c = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => c.once('exit', r));
    const m = new ProcessMonitor(50);
    m.watch('gone', c.pid as number);
    m.sample();
    expect(m.stop()[0]!.samples).toEqual([]);
  });
});
