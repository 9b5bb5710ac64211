import { defineConfig } from 'vitest/config';
import e2e from './vitest.e2e.config.ts';

// System tests (`*.system.test.ts`) need software from outside npm — Debian's `prometheus` —
// so they are not part of `npm test` (which must pass after `npm ci` alone): `npm run
// test:system` runs them in the e2e pool's serial way, and `.ci/run` installs what they need first.
export default defineConfig({
  test: { ...e2e.test, include: ['**/*.system.test.ts'], hookTimeout: 300_000 },
});
