import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { heapAfterMajorGc } from '../heap-after-gc.ts';

// A full collection on demand, for the test only: the processes peakday watches are never forced.
setFlagsFromString('--expose-gc');
const fullGc = runInNewContext('gc') as () => void;
const settle = () => new Promise((r) => setTimeout(r, 50)); // GC entries reach observers asynchronously

describe('heapAfterMajorGc', () => {
  it('reports the heap after each full collection, and what survives it', async () => {
    heapAfterMajorGc();
    fullGc();
    await settle();
    const before = heapAfterMajorGc();
    expect(before.length).toBeGreaterThanOrEqual(1);
    const kept = Array.from({ length: 200_000 }, (_, i) => ({ i, s: `row ${i}` }));
    fullGc();
    await settle();
    const after = heapAfterMajorGc();
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after[after.length - 1]! - before[before.length - 1]!).toBeGreaterThan(5 * 1024 * 1024);
    expect(kept.length).toBe(200_000);
    expect(heapAfterMajorGc()).toEqual([]); // each read starts afresh
  });
});
