/** The documented Indexed Job stays consistent: one segment per pod, no retries, a merge of the same volume. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const FILE = fileURLToPath(new URL('../../../docs/kubernetes/peakday-indexed-job.yaml', import.meta.url));

describe('docs/kubernetes/peakday-indexed-job.yaml', () => {
  const docs = parseAllDocuments(readFileSync(FILE, 'utf8')).map((d) => d.toJS() as Record<string, any>);
  const load = docs.find((d) => d.metadata?.name === 'peakday-load');
  const merge = docs.find((d) => d.metadata?.name === 'peakday-merge');

  it('the load Job is Indexed, all pods at once, never retried, N = SEGMENTS', () => {
    expect(load?.spec.completionMode).toBe('Indexed');
    expect(load?.spec.parallelism).toBe(load?.spec.completions);
    expect(load?.spec.backoffLimit).toBe(0);
    const env = load?.spec.template.spec.containers[0].env as { name: string; value?: string }[];
    expect(Number(env.find((e) => e.name === 'SEGMENTS')?.value)).toBe(load?.spec.completions);
    const script = load?.spec.template.spec.containers[0].args[0] as string;
    expect(script).toMatch(/JOB_COMPLETION_INDEX/);
    expect(script).toMatch(/--execution-segment-sequence/);
    expect(script).toMatch(/--out "snapshot=\/snapshots\/segment-\$i\.json"/);
  });

  it('the merge Job reads the folder the pods write', () => {
    const c = merge?.spec.template.spec.containers[0];
    expect(c.command.slice(2, 4)).toEqual(['merge', '/snapshots']);
    expect(c.volumeMounts[0].mountPath).toBe('/snapshots');
    expect(merge?.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe(load?.spec.template.spec.volumes[0].persistentVolumeClaim.claimName);
  });
});
