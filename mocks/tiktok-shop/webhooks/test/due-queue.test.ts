import { afterEach, describe, expect, it } from 'vitest';
import { DueQueue } from '../due-queue.ts';

const queues: DueQueue<unknown>[] = [];
afterEach(() => {
  for (const q of queues.splice(0)) q.clear();
});

/**
 * Until `got` holds `n` items. A fixed wait would assert the machine's speed, not the order:
 * on a busy machine the last items may come after any fixed window. Bounded by the test timeout.
 */
async function delivered(got: unknown[], n: number): Promise<void> {
  while (got.length < n) await new Promise((r) => setTimeout(r, 10));
}

function queue<T>(onDue: (x: T) => void): DueQueue<T> {
  const q = new DueQueue<T>(onDue);
  queues.push(q as DueQueue<unknown>);
  return q;
}

describe('DueQueue', () => {
  it('hands items over in due order, ties in push order, with one timer', async () => {
    const got: string[] = [];
    const q = queue<string>((x) => got.push(x));
    const t = performance.now();
    q.push(t + 60, 'c');
    q.push(t + 20, 'a');
    q.push(t + 40, 'b1');
    q.push(t + 40, 'b2');
    q.push(t, 'now');
    expect(q.size).toBe(5);
    await delivered(got, 5);
    expect(got).toEqual(['now', 'a', 'b1', 'b2', 'c']);
    expect(q.size).toBe(0);
  });

  it('orders 500 items pushed out of due order, with repeated due times', async () => {
    const got: number[] = [];
    const q = queue<number>((x) => got.push(x));
    const t = performance.now();
    const dues = Array.from({ length: 500 }, (_, i) => (i * 7919) % 50);
    dues.forEach((d) => q.push(t + d, d));
    await delivered(got, dues.length);
    expect(got).toEqual([...dues].sort((a, b) => a - b));
  });

  it('clear() cancels everything', async () => {
    const got: string[] = [];
    const q = queue<string>((x) => got.push(x));
    q.push(performance.now() + 20, 'x');
    q.clear();
    await new Promise((r) => setTimeout(r, 60));
    expect(got).toEqual([]);
    expect(q.size).toBe(0);
  });
});
