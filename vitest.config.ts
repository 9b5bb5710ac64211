import { defineConfig } from 'vitest/config';

// Tests start real servers and child processes on loopback; files run in parallel forks
// but the machine has two cores, so keep the pool small and the timeouts honest.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'results/**', '**/*.e2e.test.ts', '**/*.system.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: ['default'],
  },
});
