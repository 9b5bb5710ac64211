import { defineConfig } from 'vitest/config';

// End-to-end runs (`*.e2e.test.ts`) start the mock, the stack and the runtime and judge a
// whole scenario. They run after the unit tests, one file at a time, on a quiet machine: a
// run judged while other test files fight for the same two cores would measure the fight.
export default defineConfig({
  test: {
    include: ['**/*.e2e.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'results/**'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
