/** A real `peakday stack` child that exits before it is ready: a ServiceStartError with its stderr. */
import { describe, expect, it } from 'vitest';
import { ChildService, ServiceStartError } from '../child-service.ts';

describe('ChildService.start', () => {
  it('a child that exits before it is ready rejects with ServiceStartError naming it and what it said', async () => {
    const err = await ChildService.start('stack', 'stack', ['--no-such-flag']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceStartError);
    expect((err as Error).message).toMatch(/^stack \(peakday stack\) exited before it was ready \(code 2/);
    expect((err as Error).message).toContain('--no-such-flag');
  }, 30_000);
});
