#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so the same sources serve the CLI, the
// child processes it starts (mock, stack) and the tests, with no compile step to go stale.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
