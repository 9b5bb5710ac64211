/**
 * What a process tells the harness about itself each time it is asked (its health answer):
 * event-loop delay and heap after full collections since the last ask. The harness samples
 * CPU and RSS from /proc; these two it can only learn from inside.
 */
import { eventLoopDelayP99 } from './event-loop-delay.ts';
import { heapAfterMajorGc } from './heap-after-gc.ts';

export interface ProcessVitals {
  /** p99 event-loop delay (ms) since the last ask. */
  event_loop_delay_p99_ms: number;
  /** Used heap (bytes) after each major GC since the last ask, oldest first. */
  heap_after_gc_bytes: number[];
}

/** This process's vitals since the last call (the first call starts measuring). */
export function readVitals(): ProcessVitals {
  return { event_loop_delay_p99_ms: eventLoopDelayP99(), heap_after_gc_bytes: heapAfterMajorGc() };
}
