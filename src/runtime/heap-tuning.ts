/**
 * The generator's process runs with V8's allocation-site pretenuring off.
 *
 * V8 watches, per allocation site, how many of its objects survive a young-generation GC; when
 * most do, it allocates that site's objects straight in the old generation from then on. An
 * open model's first fraction of a second is the worst moment to be watched: requests queue for
 * connections for up to ~100 ms while the code is cold, so everything a request allocates
 * (undici's header buffers, the runtime's handler, Response and samples) survives, and V8
 * pretenures those sites for the rest of the run. Afterwards every request, alive for a tenth
 * of a millisecond, is allocated in the old generation: at 5,000/s that was ~2 MB promoted per
 * young GC, young GCs of 4–6 ms instead of ~1 ms (each one starting a few dozen iterations
 * late) and a full GC every second or two. A load generator's objects live one request long,
 * so the heuristic only hurts here (src/runtime/README.md, "After the first second"). Set when a
 * run starts, so it also covers a generator started in-process by the harness or a bench.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneHeapForLoad(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
