import { describe, expect, it } from 'vitest';
import { parseMetricName } from '../metric-name.ts';

const VALID: { name: string; input: string; metric: string; selector: [string, string][] | null; fullName: string }[] = [
  { name: 'metric name with no tag', input: 'test_metric', metric: 'test_metric', selector: null, fullName: 'test_metric' },
  { name: 'submetric with one tag', input: 'http_req_duration{scenario:promo}', metric: 'http_req_duration', selector: [['scenario', 'promo']], fullName: 'http_req_duration{scenario:promo}' },
  { name: 'submetric with several tags and spaces', input: 'm{a:1, b:2}', metric: 'm', selector: [['a', '1'], ['b', '2']], fullName: 'm{a:1, b:2}' },
  { name: 'group tag keeps the "::" prefix of group paths', input: 'm{group:::mygroup}', metric: 'm', selector: [['group', '::mygroup']], fullName: 'm{group:::mygroup}' },
  { name: 'double quotes stripped', input: 'm{"status":"200"}', metric: 'm', selector: [['status', '200']], fullName: 'm{"status":"200"}' },
  { name: 'single quotes stripped', input: "m{ 'name' : 'GET /x' }", metric: 'm', selector: [['name', 'GET /x']], fullName: "m{'name' : 'GET /x'}" },
  { name: 'value with colons (urls)', input: 'm{url:http://a:1/x}', metric: 'm', selector: [['url', 'http://a:1/x']], fullName: 'm{url:http://a:1/x}' },
];

const INVALID: { name: string; input: string; why: RegExp }[] = [
  { name: 'tag without value separator', input: 'm{a}', why: /malformed: expected key:value/ },
  { name: 'tag with empty value', input: 'm{a:}', why: /empty value/ },
  { name: 'tag with blank value (stricter than k6)', input: 'm{a: }', why: /empty value/ },
  { name: 'tag with empty key', input: 'm{:1}', why: /empty key/ },
  { name: 'empty selector', input: 'm{}', why: /malformed/ },
  { name: 'unmatched opening brace', input: 'm{a:1', why: /unmatched/ },
  { name: 'unmatched closing brace', input: 'm}', why: /unmatched/ },
  { name: 'closing brace before opening one', input: 'm}a:1{', why: /before the opening/ },
  { name: 'text after the closing brace', input: 'm{a:1}x', why: /last position/ },
  { name: 'no metric name', input: '{a:1}', why: /no metric name/ },
  { name: 'empty', input: '', why: /empty/ },
  { name: 'trailing comma', input: 'm{a:1,}', why: /malformed/ },
];

describe('parseMetricName', () => {
  it.each(VALID)('$name: $input', ({ input, metric, selector, fullName }) => {
    expect(parseMetricName(input)).toEqual({ ok: true, value: { name: metric, selector, fullName } });
  });
  it.each(INVALID)('$name: $input', ({ input, why }) => {
    const r = parseMetricName(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });
});
