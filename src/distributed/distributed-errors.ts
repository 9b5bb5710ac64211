/**
 * The distributed part's error catalogue: stable codes for what can go wrong splitting a run
 * across processes or machines and merging it back. Messages name the file or the segment.
 */
import { catalogueError } from '../../lib/errors/catalogued-error.ts';

export const DISTRIBUTED_ERRORS = {
  PD_DIST_NO_SNAPSHOT: 'no run snapshot found',
  PD_DIST_BAD_SNAPSHOT: 'not a readable run snapshot',
  PD_DIST_SEGMENTS: 'the execution segments do not make one whole test',
  PD_DIST_MISMATCH: 'the snapshots are not parts of the same test',
  PD_DIST_WORKER_FAILED: 'a generator worker failed',
} as const;

export const DistributedError = catalogueError('DistributedError', DISTRIBUTED_ERRORS);
export type DistributedError = InstanceType<typeof DistributedError>;
