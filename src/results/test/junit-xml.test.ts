import { describe, expect, it } from 'vitest';
import { buildRunResult } from './fixtures/build-run-result.ts';
import { junitXml } from '../junit-xml.ts';
import type { RunResult } from '../run-result.ts';
import { childrenNamed, parseXml } from './xml-parse.ts';
import type { XmlElement } from './xml-parse.ts';

const SHORT = { durationSec: 40 };

function cases(xml: string): { suites: XmlElement; suite: XmlElement; cases: XmlElement[] } {
  const suites = parseXml(xml);
  expect(suites.name).toBe('testsuites');
  const [suite] = childrenNamed(suites, 'testsuite');
  if (!suite) throw new Error('no testsuite');
  return { suites, suite, cases: childrenNamed(suite, 'testcase') };
}

const outcome = (c: XmlElement) => c.children.find((x) => ['failure', 'error', 'skipped'].includes(x.name))?.name ?? 'pass';

describe('junit.xml', () => {
  it('is well-formed with one passing case per standard', () => {
    const r = buildRunResult(SHORT);
    const { suites, suite, cases: cs } = cases(junitXml(r));
    expect(cs).toHaveLength(r.standards.length);
    expect(cs.map((c) => c.attrs.name?.split(':')[0])).toEqual(r.standards.map((j) => j.id));
    expect(cs.every((c) => outcome(c) === 'pass')).toBe(true);
    expect(suites.attrs).toMatchObject({ tests: '19', failures: '0', errors: '0', skipped: '0', time: '40.000' });
    expect(suite.attrs.name).toBe('peakday.promo');
    const props = childrenNamed(childrenNamed(suite, 'properties')[0] as XmlElement, 'property');
    expect(props.find((p) => p.attrs.name === 'verdict')?.attrs.value).toBe('pass');
  });

  it('reports a failed standard as a failure with the figure and the limit', () => {
    const r = buildRunResult({ ...SHORT, failOn: 'order-ingest-lag-p99' });
    const { suites, cases: cs } = cases(junitXml(r));
    const failed = cs.filter((c) => outcome(c) === 'failure');
    expect(failed.map((c) => c.attrs.name)).toEqual(['order-ingest-lag-p99: Order ingest lag p99']);
    const f = failed[0]?.children[0];
    expect(f?.attrs.message).toMatch(/^[\d,]+ ms breaks p\(99\) <= 5,000 ms$/);
    expect(f?.text).toMatch(/Grounding: /);
    expect(suites.attrs.failures).toBe('1');
  });

  it('reports untrusted latency figures as errors with the reason, accuracy as judged', () => {
    const r = buildRunResult({ ...SHORT, untrusted: true });
    const { suites, cases: cs } = cases(junitXml(r));
    const byId = new Map(cs.map((c) => [c.attrs.name?.split(':')[0], c]));
    const ack = byId.get('webhook-ack-p99');
    expect(ack && outcome(ack)).toBe('error');
    expect(ack?.children[0]?.attrs).toMatchObject({ type: 'untrusted' });
    expect(ack?.children[0]?.attrs.message).toMatch(/^untrusted: the generator dropped/);
    const lost = byId.get('no-lost-orders');
    expect(lost && outcome(lost)).toBe('pass');
    expect(suites.attrs.errors).toBe('9');
  });

  it('skips standards not measured and disabled, with the reason', () => {
    const r = buildRunResult(SHORT);
    const edited: RunResult = structuredClone(r);
    const j = edited.standards.find((x) => x.id === 'tracking-as-issued');
    if (j) Object.assign(j, { verdict: 'not-measured', detail: 'no shipment was made', measured: null });
    edited.standards.push({ ...edited.standards[0]!, id: 'webhook-ack-p95', verdict: 'disabled', detail: 'disabled by the override file: x' });
    const { suites, cases: cs } = cases(junitXml(edited));
    const skipped = cs.filter((c) => outcome(c) === 'skipped').map((c) => c.children[0]?.attrs.message);
    expect(skipped).toEqual(['not measured: no shipment was made', 'disabled by the override file: x']);
    expect(suites.attrs.skipped).toBe('2');
  });

  it('stays well-formed whatever the texts hold', () => {
    const r: RunResult = structuredClone(buildRunResult({ ...SHORT, failOn: 'no-lost-orders' }));
    r.scenario = `promo"><script>alert(1)</script>&\u0001`;
    const j = r.standards.find((x) => x.id === 'no-lost-orders');
    if (j) j.detail = `2 lost: e.g. <order id="1"> & ]]> \u0000\u0007 \ud800 ✓`;
    const { suite, cases: cs } = cases(junitXml(r));
    expect(suite.attrs.name).toBe('peakday.promo"><script>alert(1)</script>&');
    const f = cs.find((c) => c.attrs.name?.startsWith('no-lost-orders'))?.children[0];
    expect(f?.text).toContain('<order id="1"> & ]]>');
  });
});
