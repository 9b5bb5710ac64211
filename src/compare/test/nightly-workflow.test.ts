import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const workflow = parse(readFileSync(join(ROOT, '.github/workflows/nightly.yml'), 'utf8')) as {
  on: { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  jobs: Record<string, { steps: { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }[] }>;
};
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

describe('.github/workflows/nightly.yml', () => {
  it('runs on a schedule and by hand', () => {
    expect(workflow.on.schedule?.[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect('workflow_dispatch' in workflow.on).toBe(true);
  });

  it('every `npm run X` it calls exists in package.json, and it calls load:nightly', () => {
    const called = steps.flatMap((s) => [...(s.run ?? '').matchAll(/npm run ([\w:.-]+)/g)].map((m) => m[1] as string));
    expect(called).toContain('load:nightly');
    for (const c of called) expect(Object.keys(scripts), `npm run ${c}`).toContain(c);
  });

  it('installs with npm ci on Node 20', () => {
    expect(steps.some((s) => /^npm ci\b/.test(s.run ?? ''))).toBe(true);
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(String(node?.with?.['node-version'])).toBe('20');
  });

  it('uploads results/ as an artifact always, after the nightly step (so a regression still uploads)', () => {
    const i = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@'));
    const n = steps.findIndex((s) => /npm run load:nightly/.test(s.run ?? ''));
    expect(i).toBeGreaterThan(n);
    expect(steps[i]?.if).toMatch(/always\(\)/);
    expect(String(steps[i]?.with?.path)).toMatch(/^results\/?$/);
  });

  it('the nightly step is not allowed to fail quietly', () => {
    const n = steps.find((s) => /npm run load:nightly/.test(s.run ?? '')) as Record<string, unknown>;
    expect(n['continue-on-error']).toBeUndefined();
    expect(String(n.run)).not.toMatch(/\|\|\s*true/);
  });
});
