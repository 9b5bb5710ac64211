/**
 * k6/http against a real node:http server on port 0: status, body, json, headers, timings,
 * timeouts (error_code 1050), refused connections (1212), expected statuses feeding
 * http_req_failed, batch, redirects, and the safety guard refusing non-loopback targets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, startTarget, tempDir, type Target } from '../../test/helpers.ts';

let target: Target;
let dir: ReturnType<typeof tempDir>;
beforeAll(async () => {
  target = await startTarget();
  dir = tempDir();
});
afterAll(async () => {
  await target.close();
  dir.remove();
});

/** Runs `body` once (1 VU, 1 iteration) with `T` = the target URL and `fail(msg)` recording a failed expectation. */
async function once(body: string, opts: Parameters<typeof runScript>[2] = {}) {
  const code = `
import http from 'k6/http';
import { Counter } from 'k6/metrics';
const problems = new Counter('problems');
const T = __ENV.T;
function expectThat(ok, what) { if (!ok) { problems.add(1); console.error('PROBLEM ' + what); } }
export const options = { iterations: 1, thresholds: { problems: ['count==0'] } };
export default async function () { ${body} }
`;
  const r = await runScript(dir, code, { env: { T: target.url }, ...opts });
  // every expectation inside the script must have held, and the run must have passed its threshold
  expect(r.logs.filter((l) => l.startsWith('PROBLEM') || l.includes('iteration error'))).toEqual([]);
  expect(r.result.exitCode).toBe(0);
  return r;
}

describe('k6/http', () => {
  it('masks credential-like query values in what it logs', async () => {
    const r = await once(`
      const res = await http.get('http://127.0.0.1:1/x?app_key=k&access_token=SECRET1&sign=abc&page=2');
      expectThat(res.error_code === 1212, 'refused');
    `);
    const line = r.logs.find((l) => l.startsWith('request failed'));
    expect(line).toContain('?app_key=***&access_token=***&sign=***&page=2');
    expect(r.logs.join('\n')).not.toContain('SECRET1');
  });

  it('GET: status, body, json(selector), canonical headers, timings', async () => {
    const r = await once(`
      const res = await http.get(T + '/json?x=1');
      expectThat(res.status === 200, 'status');
      expectThat(typeof res.body === 'string' && res.body.includes('"ok":true'), 'body');
      expectThat(res.json('items.0.id') === 7, 'json selector');
      expectThat(res.json('items.#') === 2, 'json length');
      expectThat(res.json().ok === true, 'json');
      expectThat(res.headers['Content-Type'] === 'application/json', 'content-type header');
      expectThat(res.headers['X-Custom-Thing'] === 'yes', 'custom header');
      const t = res.timings;
      expectThat(['blocked','connecting','tls_handshaking','sending','waiting','receiving','duration'].every((k) => typeof t[k] === 'number' && t[k] >= 0), 'timings');
      expectThat(Math.abs(t.duration - (t.sending + t.waiting + t.receiving)) < 0.01, 'duration = sending+waiting+receiving');
      expectThat(res.error === '' && res.error_code === 0, 'no error');
    `);
    expect(r.result.exitCode, r.logs.join('\n') + JSON.stringify(r.values('problems'))).toBe(0);
    expect(r.sum('http_reqs', { method: 'GET', status: '200', expected_response: 'true', name: `${target.url}/json?x=1` })).toBe(1);
    expect(r.values('http_req_duration').length).toBe(1);
    expect(r.sum('data_received')).toBeGreaterThan(50);
    expect(r.sum('data_sent')).toBeGreaterThan(20);
  });

  it('POST with a JSON string body, headers and a name tag', async () => {
    const r = await once(`
      const res = await http.post(T + '/json', JSON.stringify({ a: 1 }), { headers: { 'Content-Type': 'application/json', 'X-Sig': 'abc' }, tags: { name: 'create' } });
      expectThat(res.json('echo') === '{"a":1}', 'echo');
    `);
    expect(r.result.exitCode).toBe(0);
    const req = target.requests.find((q) => q.method === 'POST' && q.headers['x-sig'] === 'abc');
    expect(req?.body).toBe('{"a":1}');
    expect(r.sum('http_reqs', { name: 'create', method: 'POST' })).toBe(1);
  });

  it('an object body is sent as a form', async () => {
    await once(`await http.put(T + '/form', { a: '1', b: 'x y' });`);
    const req = target.requests.find((q) => q.url === '/form');
    expect(req?.body).toBe('a=1&b=x+y');
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('a timeout gives status 0, error_code 1050, and fails http_req_failed', async () => {
    const r = await once(`
      const res = await http.get(T + '/delay/3000', { timeout: '200ms' });
      expectThat(res.status === 0, 'status 0');
      expectThat(res.error_code === 1050, 'error_code 1050');
      expectThat(res.error.includes('timeout'), 'error text');
    `);
    expect(r.result.exitCode).toBe(0);
    expect(r.sum('http_req_failed', { error_code: '1050' })).toBe(1);
    expect(r.wallMs).toBeLessThan(2500);
  });

  it('a refused connection is error_code 1212', async () => {
    const r = await once(`
      const res = await http.get('http://127.0.0.1:1/');
      expectThat(res.status === 0 && res.error_code === 1212, 'refused ' + res.error_code);
    `);
    expect(r.result.exitCode).toBe(0);
  });

  it('expected statuses decide http_req_failed; setResponseCallback changes the default', async () => {
    const r = await once(`
      await http.get(T + '/status/404');
      await http.get(T + '/status/404', { responseCallback: http.expectedStatuses(404) });
      http.setResponseCallback(http.expectedStatuses({ min: 200, max: 204 }, 500));
      await http.get(T + '/status/500');
      await http.get(T + '/status/302');
    `);
    expect(r.values('http_req_failed')).toEqual([1, 0, 0, 1]);
    expect(r.sum('http_reqs', { status: '404', expected_response: 'false' })).toBe(1);
    expect(r.sum('http_reqs', { status: '404', expected_response: 'true' })).toBe(1);
  });

  it('batch runs requests in parallel, array and object forms', async () => {
    const r = await once(`
      const rs = await http.batch([T + '/json', ['POST', T + '/status/201', 'x'], { method: 'GET', url: T + '/status/204' }]);
      expectThat(rs.length === 3 && rs[0].status === 200 && rs[1].status === 201 && rs[2].status === 204, 'array');
      const o = await http.batch({ a: T + '/status/202', b: ['GET', T + '/status/203'] });
      expectThat(o.a.status === 202 && o.b.status === 203, 'object');
    `);
    expect(r.result.exitCode).toBe(0);
    expect(r.sum('http_reqs')).toBe(5);
  });

  it('follows redirects up to the limit', async () => {
    const r = await once(`
      const a = await http.get(T + '/redirect');
      expectThat(a.status === 200 && a.url.endsWith('/json'), 'followed');
      const b = await http.get(T + '/redirect', { redirects: 0 });
      expectThat(b.status === 302, 'not followed');
    `);
    expect(r.result.exitCode).toBe(0);
  });

  it('refuses non-loopback and TikTok hosts like a request error (1111), counted', async () => {
    const r = await once(`
      const a = await http.get('http://example.com/');
      expectThat(a.status === 0 && a.error_code === 1111 && a.error.includes('--allow-remote example.com'), 'remote refused');
      const b = await http.get('https://open-api.tiktokglobalshop.com/x');
      expectThat(b.status === 0 && b.error_code === 1111 && b.error.includes('TikTok'), 'tiktok refused');
    `, { allowRemote: ['open-api.tiktokglobalshop.com'] });
    expect(r.result.exitCode).toBe(0);
    expect(r.sum('http_req_failed', { error_code: '1111' })).toBe(2);
  });
});
