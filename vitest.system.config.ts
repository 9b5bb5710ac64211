import { defineConfig } from 'vitest/config';

// System tests (`*.system.test.ts`) need software from outside npm — Debian's `prometheus` —
// so they are not part of `npm test` (which must pass after `npm ci` alone): `npm run
// test:system` runs them, one file at a time, and `.ci/run` installs what they need first.
export default defineConfig({
  test: {
    include: ['**/*.system.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'results/**'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
