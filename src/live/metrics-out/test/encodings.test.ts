/** Both Prometheus encodings of the same families: OpenMetrics text, and remote write's snappy protobuf. */
import { uncompress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import type { Family } from '../metric-family.ts';
import { formatValue, openMetricsText } from '../openmetrics-text.ts';
import { decodeWriteRequest, remoteWriteBody } from '../remote-write.ts';

const families: Family[] = [
  { name: 'k6_http_reqs', type: 'counter', help: 'requests', samples: [{ labels: { status: '200', scenario: 'promo' }, value: 42 }] },
  { name: 'k6_http_req_duration_p99', type: 'gauge', help: 'p99 "of" a\\b\nc', samples: [{ labels: { testid: 'x"y\\z\nw' }, value: 0.125 }] },
];

describe('OpenMetrics text', () => {
  const text = openMetricsText(families);
  it('writes TYPE and HELP per family, counters as _total, labels sorted and escaped, and ends with # EOF', () => {
    expect(text).toBe(
      [
        '# TYPE k6_http_reqs counter',
        '# HELP k6_http_reqs requests',
        'k6_http_reqs_total{scenario="promo",status="200"} 42',
        '# TYPE k6_http_req_duration_p99 gauge',
        '# HELP k6_http_req_duration_p99 p99 \\"of\\" a\\\\b\\nc',
        'k6_http_req_duration_p99{testid="x\\"y\\\\z\\nw"} 0.125',
        '# EOF',
        '',
      ].join('\n'),
    );
  });
  const values: [string, number, string][] = [
    ['an integer', 3, '3'],
    ['a fraction', 0.5, '0.5'],
    ['NaN', NaN, 'NaN'],
    ['infinity', Infinity, '+Inf'],
    ['minus infinity', -Infinity, '-Inf'],
  ];
  for (const [name, v, want] of values) it(`formats ${name}`, () => expect(formatValue(v)).toBe(want));
  it('refuses a name the format cannot carry', () => {
    expect(() => openMetricsText([{ name: 'bad-name', type: 'gauge', help: '', samples: [] }])).toThrow(/invalid metric name/);
    expect(() => openMetricsText([{ name: 'ok', type: 'gauge', help: '', samples: [{ labels: { 'b-ad': 'x' }, value: 1 }] }])).toThrow(/invalid label name/);
  });
});

describe('remote write body', () => {
  it('is a snappy-compressed WriteRequest with __name__ and labels sorted, one sample at the push time', () => {
    const body = remoteWriteBody(families, 1_700_000_000_123);
    const req = decodeWriteRequest(uncompress(body));
    expect(req.timeseries).toEqual([
      {
        labels: [
          { name: '__name__', value: 'k6_http_reqs_total' },
          { name: 'scenario', value: 'promo' },
          { name: 'status', value: '200' },
        ],
        samples: [{ value: 42, timestamp: 1_700_000_000_123 }],
      },
      {
        labels: [
          { name: '__name__', value: 'k6_http_req_duration_p99' },
          { name: 'testid', value: 'x"y\\z\nw' },
        ],
        samples: [{ value: 0.125, timestamp: 1_700_000_000_123 }],
      },
    ]);
  });
});
