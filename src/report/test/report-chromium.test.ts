/**
 * Opens report.html in headless Chromium (the one `npm ci` installs, see
 * fixtures/headless-chromium.ts) and checks what a person
 * would: it renders without console errors, fetches nothing, shows the verdict and every
 * standard, and every chart is an SVG with drawn paths. Hostile strings stay text.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import type { RunResult } from '../../results/run-result.ts';
import { writeResults } from '../write-results.ts';
import { launchHeadlessChromium } from './fixtures/headless-chromium.ts';

let tmp: string;
let browser: Browser | undefined;
let ctx: BrowserContext | undefined;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'pd-report-'));
  browser = await launchHeadlessChromium();
  ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(r: RunResult) {
  if (!ctx) throw new Error('no browser');
  const { dir } = writeResults(r, { root: join(tmp, 'results') });
  const page = await ctx.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (q) => {
    if (!q.url().startsWith('file:')) requests.push(q.url());
  });
  await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
  return { page, errors, requests, dir };
}

describe('report.html in headless Chromium', () => {
  it('renders the verdict, every standard and every chart', async () => {
    const r = buildRunResult({ durationSec: 60, failOn: 'inventory-sync-lag-p99', faults: true, scenario: 'chaos' });
    const { page, errors, requests } = await open(r);
    try {
      const word = page.locator('#verdict .word');
      await expect(word.isVisible()).resolves.toBe(true);
      expect(await word.textContent()).toBe('FAIL');

      const rows = page.locator('#standards tr.standard-row');
      expect(await rows.count()).toBe(r.standards.length);
      for (let i = 0; i < r.standards.length; i++) {
        const row = rows.nth(i);
        expect(await row.isVisible(), r.standards[i]?.id).toBe(true);
        expect(await row.textContent()).toContain(r.standards[i]?.id);
      }
      expect(await page.locator('#standards tr.v-fail').count()).toBe(1);

      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          const paths = [...f.querySelectorAll('path.series')].filter((p) => (p.getAttribute('d') ?? '').length > 10 && (p as unknown as { getTotalLength(): number }).getTotalLength() > 0);
          // Drawn size over the drawing's own size: how big its labels and strokes appear.
          const scale = svg && svg.viewBox.baseVal.width > 0 ? (box?.width ?? 0) / svg.viewBox.baseVal.width : 0;
          return { title: f.querySelector('figcaption')?.textContent ?? '', svg: !!svg, width: box?.width ?? 0, height: box?.height ?? 0, paths: paths.length, scale };
        }),
      );
      expect(charts.length).toBeGreaterThanOrEqual(9);
      for (const c of charts) {
        expect(c.svg, c.title).toBe(true);
        expect(c.paths, c.title).toBeGreaterThan(0);
        expect(c.width, c.title).toBeGreaterThan(200);
        expect(c.height, c.title).toBeGreaterThan(80);
      }
      // Every chart at its neighbours' scale: none drawn so large its axis labels dwarf the rest.
      const scales = charts.map((c) => c.scale).sort((a, b) => a - b);
      const median = scales[Math.floor(scales.length / 2)] as number;
      for (const c of charts) expect(c.scale / median, `${c.title}: scale ${c.scale.toFixed(2)}, median ${median.toFixed(2)}`).toBeLessThan(1.3);
      for (const c of charts) expect(c.scale / median, `${c.title}: scale ${c.scale.toFixed(2)}, median ${median.toFixed(2)}`).toBeGreaterThan(0.75);
      expect(charts.map((c) => c.title)).toContain('Event-loop delay per process (p99 of each interval)');

      const shot = join(tmp, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('keeps hostile strings as text', async () => {
    const r = structuredClone(buildRunResult({ durationSec: 40, status: 'interrupted' }));
    const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;
    r.scenario = payload;
    r.status_reason = payload;
    r.verdict_reasons = [payload];
    const { page, errors, requests } = await open(r);
    try {
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('#verdict .word').textContent()).toBe('UNTRUSTED');
      expect(await page.locator('#verdict').textContent()).toContain(payload);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
