/**
 * The dashboard on a real socket: the page (with its narrow CSP), the script, the event stream
 * (the latest frame at once, then each new one, then the final one that ends the stream), and
 * what it refuses.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import { startDashboard, type Dashboard } from '../dashboard-server.ts';
import { LiveFeed } from '../live-feed.ts';

const result = buildRunResult({ durationSec: 30 });
let dash: Dashboard | undefined;

afterEach(async () => {
  await dash?.close();
  dash = undefined;
});

function get(url: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

/** Reads the event stream until `until` holds for what arrived. */
function events(url: string, until: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}events`, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        text += d;
        if (until(text)) {
          req.destroy();
          resolve(text);
        }
      });
      res.on('end', () => resolve(text));
    });
    req.on('error', reject).end();
  });
}

describe('the dashboard server', () => {
  it('serves the page with a CSP that allows only its own script and stream', async () => {
    const feed = new LiveFeed();
    dash = await startDashboard(feed, { port: 0 });
    expect(dash.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const waiting = await get(dash.url);
    expect(waiting.status).toBe(200);
    expect(waiting.body).toContain('The run is starting');
    expect(waiting.body).toContain("script-src 'self'; connect-src 'self'");
    expect(waiting.body).not.toMatch(/<script>/); // no inline script
    const script = await get(`${dash.url}dashboard.js`);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain("new EventSource('/events')");
  });

  it('streams the latest frame at once, each new frame, and ends with the final one', async () => {
    const feed = new LiveFeed();
    dash = await startDashboard(feed, { port: 0 });
    let n = 0;
    feed.start(async () => ({ result, progress: { elapsed_ms: ++n * 1000, stage: 'load' } }));
    await feed.tick();
    const stream = events(dash.url, (t) => /event: final\ndata: .*\n\n/.test(t));
    await expect.poll(() => dash?.watchers, { timeout: 10_000, interval: 10 }).toBe(1);
    await feed.tick();
    feed.finish(result);
    const text = await stream;
    const frames = [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({ event: m[1], data: JSON.parse(m[2] as string) as { title: string; body: string; final: boolean } }));
    expect(frames.map((f) => f.event)).toEqual(['update', 'update', 'final']);
    expect(frames[0]?.data.body).toContain('data-phase="live"');
    expect(frames[0]?.data.body).not.toBe(frames[1]?.data.body); // the elapsed time moved
    expect(frames[2]?.data.final).toBe(true);
    expect(frames[2]?.data.body).toContain(`data-verdict="${result.verdict}"`);
    // After the end, a new page load is the final report, and a new stream gives it and ends.
    expect((await get(dash.url)).body).toContain('data-final="true"');
    expect(await events(dash.url, () => false)).toContain('event: final');
  });

  it('answers 404 to other paths and 405 to other methods', async () => {
    dash = await startDashboard(new LiveFeed(), { port: 0 });
    expect((await get(`${dash.url}summary.json`)).status).toBe(404);
    const post = await get(dash.url, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });
});
