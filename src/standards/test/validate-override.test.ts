import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStandards, readStandardsFile } from '../load-standards.ts';
import { StandardsError } from '../standards-errors.ts';
import { validateOverrideFile, validateStandardsFile } from '../validate-standards.ts';

const defaults = readStandardsFile();
const newStandard = {
  new: true,
  id: 'erp-api-p95',
  title: 'ERP API p95',
  measures: 'Duration of ERP API requests, 95th percentile.',
  kind: 'metric',
  metric: 'erp_req_duration',
  stat: 'p(95)',
  op: '<=',
  limit: 100,
  unit: 'ms',
  grounding: 'Our own objective.',
};

interface Case {
  name: string;
  input: unknown;
  /** Expected problems as "path: message fragment"; empty for a valid file. */
  want: string[];
}

const cases: Case[] = [
  { name: 'version only is valid', input: { version: '1' }, want: [] },
  { name: 'change a limit', input: { version: '1', standards: [{ id: 'erp-api-p99', limit: 300, reason: 'shared VM' }] }, want: [] },
  { name: 'disable with a reason', input: { version: '1', standards: [{ id: 'webhook-ack-p99', disabled: true, reason: 'gateway acks' }] }, want: [] },
  { name: 'add a complete standard', input: { version: '1', standards: [newStandard] }, want: [] },
  { name: 'partial trust', input: { version: '1', trust: { iteration_start_delay_p99_max_ms: 500 } }, want: [] },
  { name: 'not an object', input: [], want: [': expected an object, got []'] },
  { name: 'missing version', input: { standards: [] }, want: ['version: expected "1", got nothing'] },
  { name: 'wrong version', input: { version: '2' }, want: ['version: this peakday reads standards format "1", got "2"'] },
  { name: 'unknown top-level key', input: { version: '1', standard: [] }, want: ['standard: unknown key'] },
  { name: 'standards not an array', input: { version: '1', standards: {} }, want: ['standards: expected an array, got {}'] },
  { name: 'unknown id', input: { version: '1', standards: [{ id: 'webhok-ack-p99', limit: 1 }] }, want: ['standards[0].id: unknown standard id "webhok-ack-p99"'] },
  { name: 'limit of the wrong type', input: { version: '1', standards: [{ id: 'erp-api-p99', limit: '300' }] }, want: ['standards[0].limit: expected a finite number, got "300"'] },
  { name: 'unknown key in an entry', input: { version: '1', standards: [{ id: 'erp-api-p99', limt: 300 }] }, want: ['standards[0].limt: unknown key', 'standards[0]: changes nothing'] },
  { name: 'disabled without reason', input: { version: '1', standards: [{ id: 'erp-api-p99', disabled: true }] }, want: ['standards[0].reason: expected a non-empty string, got nothing'] },
  { name: 'disabled not boolean', input: { version: '1', standards: [{ id: 'erp-api-p99', disabled: 'yes', reason: 'x' }] }, want: ['standards[0].disabled: expected true or false, got "yes"'] },
  { name: 'disabled with a limit', input: { version: '1', standards: [{ id: 'erp-api-p99', disabled: true, reason: 'x', limit: 3 }] }, want: ['standards[0]: a disabled standard takes no limit or op'] },
  { name: 'bad operator', input: { version: '1', standards: [{ id: 'erp-api-p99', op: '=<' }] }, want: ['standards[0].op: expected <=|<|>=|>|==, got "=<"'] },
  { name: 'same id twice', input: { version: '1', standards: [{ id: 'erp-api-p99', limit: 1 }, { id: 'erp-api-p99', limit: 2 }] }, want: ['standards[1].id: duplicate id "erp-api-p99" (first at standards[0])'] },
  { name: 'new with an existing id', input: { version: '1', standards: [{ ...newStandard, id: 'erp-api-p99' }] }, want: ['standards[0].id: "erp-api-p99" is already a standard'] },
  { name: 'new: false', input: { version: '1', standards: [{ ...newStandard, new: false }] }, want: ['standards[0].new: expected true when present, got false'] },
  { name: 'new with an unknown metric', input: { version: '1', standards: [{ ...newStandard, metric: 'erp_latency' }] }, want: ['standards[0].metric: unknown metric "erp_latency"'] },
  { name: 'new with a stat the metric lacks', input: { version: '1', standards: [{ ...newStandard, metric: 'platform_call_success', unit: 'ratio' }] }, want: ['standards[0].stat: "p(95)" does not apply to platform_call_success (a rate; use rate)'] },
  { name: 'new with the wrong unit', input: { version: '1', standards: [{ ...newStandard, unit: 'ratio' }] }, want: ['standards[0].unit: erp_req_duration p(95) is measured in ms, got "ratio"'] },
  { name: 'new with a bad stat', input: { version: '1', standards: [{ ...newStandard, stat: 'p(99' }] }, want: ['standards[0].stat: "p(99" is not an aggregation'] },
  { name: 'new with a bad id', input: { version: '1', standards: [{ ...newStandard, id: 'ERP p95' }] }, want: ['standards[0].id: expected kebab-case (a-z, 0-9, single dashes), got "ERP p95"'] },
  { name: 'new missing fields', input: { version: '1', standards: [{ new: true, id: 'x-y', kind: 'accuracy', check: 'lost_orders' }] }, want: ['standards[0].title: expected a non-empty string, got nothing', 'standards[0].measures: expected a non-empty string, got nothing', 'standards[0].grounding: expected a non-empty string, got nothing', 'standards[0].op: expected <=|<|>=|>|==, got nothing', 'standards[0].limit: expected a finite number, got nothing', 'standards[0].unit: expected ms|ratio|count|per_s|value, got nothing'] },
  { name: 'new accuracy with unknown check', input: { version: '1', standards: [{ ...newStandard, kind: 'accuracy', metric: undefined, stat: undefined, check: 'lost_parcels', unit: 'count' }] }, want: ['standards[0].check: unknown check "lost_parcels"'] },
  // Limits the unit and operator make impossible: a configuration error, not a failed run.
  { name: 'negative latency', input: { version: '1', standards: [{ id: 'webhook-ack-p99', limit: -5 }] }, want: ['standards[0].limit: webhook-ack-p99 is measured in ms: the limit must be >= 0, got -5'] },
  { name: 'a rate above 1', input: { version: '1', standards: [{ id: 'platform-call-success', limit: 1.5 }] }, want: ['standards[0].limit: platform-call-success is measured in ratio: the limit must be between 0 and 1 (100%), got 1.5'] },
  { name: 'a negative rate', input: { version: '1', standards: [{ id: 'inventory-converged', limit: -0.1 }] }, want: ['standards[0].limit: inventory-converged is measured in ratio: the limit must be between 0 and 1'] },
  { name: 'a negative count', input: { version: '1', standards: [{ id: 'no-lost-orders', limit: -1 }] }, want: ['standards[0].limit: no-lost-orders is measured in count: the limit must be >= 0, got -1'] },
  { name: 'a share above 100% cannot be exceeded', input: { version: '1', standards: [{ id: 'platform-call-success', op: '>', limit: 1 }] }, want: ['standards[0]: "> 1" can never hold for a ratio (it is at most 1)'] },
  { name: 'nothing is below zero', input: { version: '1', standards: [{ id: 'erp-api-p99', op: '<', limit: 0 }] }, want: ['standards[0]: "< 0" can never hold for ms (never below 0)'] },
  { name: 'an operator change judged with the default limit', input: { version: '1', standards: [{ id: 'no-lost-orders', op: '<' }] }, want: ['standards[0]: "< 0" can never hold for count (never below 0)'] },
  { name: 'new with a negative latency limit', input: { version: '1', standards: [{ ...newStandard, limit: -1 }] }, want: ['standards[0].limit: erp-api-p95 is measured in ms: the limit must be >= 0, got -1'] },
  { name: 'a 100% rate and a zero count are fine', input: { version: '1', standards: [{ id: 'platform-call-success', limit: 1 }, { id: 'no-lost-orders', limit: 0 }] }, want: [] },
  { name: 'trust share out of range', input: { version: '1', trust: { dropped_iterations_max_share: 5 } }, want: ['trust.dropped_iterations_max_share: expected a share between 0 and 1, got 5'] },
  { name: 'unknown trust key', input: { version: '1', trust: { cpu: 1 } }, want: ['trust.cpu: unknown key'] },
  {
    name: 'every problem reported at once',
    input: { version: 1, extra: true, standards: [{ id: 'nope', limit: 'x' }], trust: { generator_cpu_saturated_percent: -1 } },
    want: ['version:', 'extra: unknown key', 'standards[0].id: unknown standard id', 'standards[0].limit: expected a finite number', 'trust.generator_cpu_saturated_percent: expected'],
  },
];

describe('validateOverrideFile (named cases)', () => {
  it.each(cases)('$name', ({ input, want }) => {
    const got = validateOverrideFile(JSON.parse(JSON.stringify(input)), defaults).map((p) => `${p.path}: ${p.message}`);
    if (want.length === 0) expect(got).toEqual([]);
    else {
      for (const w of want) expect(got.some((g) => g.startsWith(w) || g.includes(w)), `${w}\n in ${got.join('\n')}`).toBe(true);
      expect(got.length).toBeGreaterThanOrEqual(want.length);
    }
  });

  it('changes nothing it validates', () => {
    const input = { version: '1', standards: [{ id: 'erp-api-p99', limit: 300 }] };
    const before = JSON.stringify(input);
    validateOverrideFile(input, defaults);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('validateStandardsFile', () => {
  it('requires trust and rejects duplicate ids in a full file', () => {
    const f = JSON.parse(JSON.stringify(defaults)) as { standards: unknown[]; trust?: unknown };
    f.standards.push(f.standards[0]);
    delete f.trust;
    const got = validateStandardsFile(f).map((p) => `${p.path}: ${p.message}`);
    expect(got).toContain('trust: expected an object, got nothing');
    expect(got.some((g) => g.startsWith('standards[19].id: duplicate id "webhook-ack-p99"'))).toBe(true);
  });
});

describe('loadStandards with an override file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pd-std-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, body: string) => {
    const p = join(dir, name);
    writeFileSync(p, body);
    return p;
  };

  it('applies limits, disables, additions and trust', () => {
    const p = write(
      'ok.json',
      JSON.stringify({
        version: '1',
        standards: [
          { id: 'erp-api-p99', limit: 300, reason: 'shared VM' },
          { id: 'webhook-ack-p99', disabled: true, reason: 'gateway acks' },
          newStandard,
        ],
        trust: { iteration_start_delay_p99_max_ms: 500 },
      }),
    );
    const s = loadStandards({ overridePath: p });
    expect(s.standards.find((x) => x.id === 'erp-api-p99')?.limit).toBe(300);
    expect(s.overridden['erp-api-p99']).toBe('shared VM');
    expect(s.standards.some((x) => x.id === 'webhook-ack-p99')).toBe(false);
    expect(s.disabled).toMatchObject([{ id: 'webhook-ack-p99', reason: 'gateway acks' }]);
    expect(s.standards.at(-1)).toMatchObject({ id: 'erp-api-p95', limit: 100 });
    expect(s.standards.at(-1)).not.toHaveProperty('new');
    expect(s.trust.iteration_start_delay_p99_max_ms).toBe(500);
    expect(s.trust.dropped_iterations_max_share).toBe(0.01);
    expect(s.source).toBe(`default + ${p}`);
    // the defaults themselves are untouched
    expect(loadStandards().standards.find((x) => x.id === 'erp-api-p99')?.limit).toBe(200);
  });

  it.each([
    ['PD_STD_FILE_NOT_JSON', 'bad.json', '{ "version": "1", ', /not valid JSON bad|not valid JSON .*bad\.json/],
    ['PD_STD_FILE_INVALID', 'invalid.json', '{"version":"1","standards":[{"id":"nope","limit":1}]}', /standards\[0\]\.id: unknown standard id "nope"/],
  ])('fails with %s', (code, name, body, message) => {
    const p = write(name, body);
    let err: unknown;
    try {
      loadStandards({ overridePath: p });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StandardsError);
    expect((err as StandardsError).code).toBe(code);
    expect((err as StandardsError).message).toMatch(message);
  });

  it('fails with PD_STD_FILE_UNREADABLE for a missing file', () => {
    expect(() => loadStandards({ overridePath: join(dir, 'missing.json') })).toThrow(expect.objectContaining({ code: 'PD_STD_FILE_UNREADABLE' }));
  });
});
