/**
 * The V8 heap in use right after each major (mark-compact) collection: the memory-leak signal a
 * soak judges. RSS is no such signal over minutes: a healthy process's heap grows toward its
 * steady size between full collections and the allocator keeps freed pages, so RSS climbs for
 * a while in a process that leaks nothing. What survives a full collection is what the process
 * still holds.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

let observer: PerformanceObserver | undefined;
let since: number[] = [];

/**
 * The used heap (bytes) after each major GC since the last call, oldest first. The first call
 * starts observing and returns nothing.
 */
export function heapAfterMajorGc(): number[] {
  if (!observer) {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        // Read now: the observer runs after the collection, before much new allocation.
        if (((e as { detail?: unknown }).detail as { kind?: number } | undefined)?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) since.push(getHeapStatistics().used_heap_size);
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    return [];
  }
  const out = since;
  since = [];
  return out;
}
