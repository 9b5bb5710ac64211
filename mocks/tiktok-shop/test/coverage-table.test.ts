/** The README's coverage table is the route table's: regenerate it with the command it names. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { README, coverageTable, readmeTable } from '../coverage-table.ts';

it('mocks/README.md holds the coverage table generated from the route table', () => {
  const inReadme = readmeTable(readFileSync(README, 'utf8'));
  expect(inReadme, 'coverage markers missing in mocks/README.md').toBeDefined();
  expect(inReadme, 'stale: run node --import tsx mocks/tiktok-shop/coverage-table.ts --write').toBe(coverageTable());
});

it('finds the table between the markers only', () => {
  expect(readmeTable('no markers')).toBeUndefined();
});
