/**
 * Execution segments end to end: the same test run as 4 (and 3) instances, each with its
 * segment; together they run every iteration exactly once, and VU ids in the test never clash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, tempDir } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.remove());

const code = (scenario: unknown) => `
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
const seen = new Counter('seen');
export const options = { scenarios: { s: ${JSON.stringify(scenario)} } };
export default function () { seen.add(1, { it: String(exec.scenario.iterationInTest), vu: String(exec.vu.idInTest) }); }
`;

async function iterationsBySegment(scenario: unknown, sequence: string): Promise<{ its: number[][]; vus: Set<string>[] }> {
  const points = sequence.split(',');
  const its: number[][] = [];
  const vus: Set<string>[] = [];
  // the instances run one after another here; the partition does not depend on timing
  for (let i = 1; i < points.length; i++) {
    const seen: number[] = [];
    const vuIds = new Set<string>();
    await runScript(dir, code(scenario), {
      executionSegment: `${points[i - 1]}:${points[i]}`,
      executionSegmentSequence: sequence,
      onEngine: (e) =>
        e.registry.onSample((name, _v, tags) => {
          if (name === 'seen') {
            seen.push(Number(tags.it));
            vuIds.add(String(tags.vu));
          }
        }),
    });
    its.push(seen);
    vus.push(vuIds);
  }
  return { its, vus };
}

describe('execution segments partition the test', () => {
  it('constant-arrival-rate over quarters: each instance every 4th iteration, all 40 exactly once', async () => {
    const { its } = await iterationsBySegment(
      { executor: 'constant-arrival-rate', rate: 40, duration: '1s', preAllocatedVUs: 40 },
      '0,1/4,2/4,3/4,1',
    );
    expect(its.map((s) => s.length)).toEqual([10, 10, 10, 10]);
    expect(its[1]?.slice().sort((a, b) => a - b).slice(0, 3)).toEqual([1, 5, 9]);
    expect(its.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('shared-iterations over uneven thirds: the shares add up, VU ids never clash', async () => {
    const { its, vus } = await iterationsBySegment({ executor: 'shared-iterations', vus: 6, iterations: 31 }, '0,1/3,2/3,1');
    expect(its.reduce((a, s) => a + s.length, 0)).toBe(31);
    expect(new Set(its.flat()).size).toBe(31);
    const all = vus.flatMap((s) => [...s]);
    expect(new Set(all).size).toBe(all.length);
  });
});
