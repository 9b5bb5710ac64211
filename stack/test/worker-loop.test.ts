import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerLoop } from '../worker-loop.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WorkerLoop', () => {
  it('does nothing before start; start runs the step soon, once', async () => {
    let steps = 0;
    const loop = new WorkerLoop(() => steps++, { minGapMs: 5, idleMs: 1000 });
    loop.wake();
    await vi.advanceTimersByTimeAsync(50);
    expect(steps).toBe(0);
    loop.start();
    loop.start();
    await vi.advanceTimersByTimeAsync(2);
    expect(steps).toBe(1);
    await loop.stop();
  });

  it('coalesces wakes and keeps steps minGapMs apart', async () => {
    let steps = 0;
    const loop = new WorkerLoop(() => steps++, { minGapMs: 10, idleMs: 1000 });
    loop.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(steps).toBe(1);
    for (let i = 0; i < 100; i++) loop.wake();
    await vi.advanceTimersByTimeAsync(5);
    expect(steps).toBe(1);
    await vi.advanceTimersByTimeAsync(5);
    expect(steps).toBe(2);
    await loop.stop();
  });

  it('idle runs the step again after idleMs unless woken first', async () => {
    const at: number[] = [];
    const loop: WorkerLoop = new WorkerLoop(() => {
      at.push(Date.now());
      loop.idle();
    }, { minGapMs: 1, idleMs: 100 });
    const t0 = Date.now();
    loop.start();
    await vi.advanceTimersByTimeAsync(250);
    expect(at.map((t) => t - t0)).toEqual([1, 101, 201]);
    await loop.stop();
  });

  it('start(firstDelayMs) waits that long for the first step (rounds)', async () => {
    let steps = 0;
    const loop = new WorkerLoop(() => steps++, { minGapMs: 0, idleMs: 500 });
    loop.start(500);
    await vi.advanceTimersByTimeAsync(499);
    expect(steps).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(steps).toBe(1);
    await loop.stop();
  });

  it('stop waits for tracked work, and no step runs after it', async () => {
    let steps = 0;
    let finish: () => void = () => undefined;
    const loop: WorkerLoop = new WorkerLoop(() => {
      steps++;
      loop.track(new Promise<void>((r) => (finish = r)));
      loop.idle();
    }, { minGapMs: 1, idleMs: 10 });
    loop.start();
    await vi.advanceTimersByTimeAsync(1);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    expect(loop.running).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
    expect(steps).toBe(1);
  });
});
