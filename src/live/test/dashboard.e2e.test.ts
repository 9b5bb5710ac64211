/**
 * `peakday run promo --dashboard 0`, watched in Chromium (from npm, @sparticuz/chromium) as a
 * person would: the page shows the run and keeps changing while the load goes on, fetches
 * nothing from elsewhere, and turns into the final report with its verdict when the run ends.
 */
import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPeakday, SHORT_PROMO, type PeakdayRun } from '../../harness/test/run-peakday.ts';
import { launchHeadlessChromium } from '../../report/test/fixtures/headless-chromium.ts';

let browser: Browser | undefined;
const runs: PeakdayRun[] = [];

beforeAll(async () => {
  // The shared launcher inflates the browser once per machine, safely when test files start together.
  browser = await launchHeadlessChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  for (const r of runs) rmSync(r.outDir, { recursive: true, force: true });
});

/** Resolves with the dashboard's URL once the run logs it. */
function dashboardUrl(): { onStderr: (text: string) => void; url: Promise<string> } {
  let found: (u: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (found = resolve));
  return {
    onStderr: (text) => {
      const m = /live dashboard on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
      if (m?.[1]) found(m[1]);
    },
    url,
  };
}

describe('the live dashboard in a browser', () => {
  it('updates while the run goes on and shows the final verdict at the end', async () => {
    if (!browser) throw new Error('no browser');
    const watch = dashboardUrl();
    const running = runPeakday(['promo', ...SHORT_PROMO, '--drain-timeout', '30', '--dashboard', '0'], {}, 240_000, watch.onStderr);
    const url = await Promise.race([watch.url, running.then((r) => Promise.reject(new Error(`the run ended without a dashboard:\n${r.stderr}`)))]);

    const page = await browser.newPage();
    const errors: string[] = [];
    const foreign: string[] = [];
    page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (q) => (q.url().startsWith(url) ? undefined : foreign.push(q.url())));
    await page.goto(url);

    // While the load runs: the live banner, and frames that change what it says.
    const banner = page.locator('#verdict .word[data-phase="live"]');
    await banner.waitFor({ timeout: 60_000 });
    const first = await banner.textContent();
    await expect.poll(() => banner.textContent(), { timeout: 20_000, interval: 250 }).not.toBe(first);
    expect(Number(await page.locator('#live').getAttribute('data-frames'))).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.standard-row').count()).toBeGreaterThan(5);
    await page.locator('#chart-throughput-over-time svg path.series').first().waitFor({ timeout: 20_000 });
    for (const id of ['standards', 'latency', 'throughput', 'lags', 'generator', 'processes', 'faults']) {
      expect(await page.locator(`#live section#${id}`).count(), id).toBe(1);
    }
    expect(await page.locator('#live').textContent()).toMatch(/on track/);

    // The end: the final report, with the run's verdict, in the same page.
    const run = await running;
    runs.push(run);
    await page.locator('#live[data-final="true"]').waitFor({ timeout: 30_000 });
    const verdict = await page.locator('#verdict .word').getAttribute('data-verdict');
    expect(verdict).toBe(run.result?.verdict);
    expect(['pass', 'fail', 'untrusted']).toContain(verdict);
    expect(await page.title()).toBe(`peakday promo: ${String(verdict).toUpperCase()}`);
    expect(await page.locator('#live section#reconciliation table').count()).toBe(1);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });
});
