/** The progress output (TTY and plain) and the rate-limited iteration error log. */
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { IterationErrors } from '../iteration-errors.ts';
import { attachProgress, progressLine } from '../progress.ts';

const tick = (elapsedMs: number) => ({ elapsedMs, vus: 3, vusMax: 5, iterations: 120, interrupted: 1, dropped: 7 });

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  return { out, text: () => text };
}

describe('progress', () => {
  it('formats elapsed, VUs, iterations and dropped', () => {
    expect(progressLine(tick(65_400))).toBe('running (01m05.4s), 3/5 VUs, 120 complete and 1 interrupted iterations, 7 dropped');
  });

  it('redraws one line on a TTY and clears it before a warning', () => {
    const e = new EventEmitter();
    const c = capture();
    const detach = attachProgress(e, c.out, { tty: true });
    e.emit('tick', tick(1000));
    e.emit('tick', tick(2000));
    e.emit('warning', { message: 'Insufficient VUs' });
    detach();
    expect(c.text()).toBe(`\r\x1b[K${progressLine(tick(1000))}\r\x1b[K${progressLine(tick(2000))}\r\x1b[KWARN Insufficient VUs\n`);
  });

  it('prints a plain line every period otherwise, nothing when quiet', () => {
    const e = new EventEmitter();
    const c = capture();
    const detach = attachProgress(e, c.out, { tty: false, plainEveryMs: 5000 });
    for (let s = 1; s <= 11; s++) e.emit('tick', tick(s * 1000));
    detach();
    expect(c.text().trim().split('\n')).toEqual([progressLine(tick(5000)), progressLine(tick(10_000))]);
    const q = capture();
    const d2 = attachProgress(e, q.out, { tty: false, quiet: true, plainEveryMs: 1 });
    e.emit('tick', tick(1000));
    d2();
    expect(q.text()).toBe('');
  });
});

describe('IterationErrors', () => {
  it('reports the first occurrence with its stack, then one line per message per window', () => {
    let now = 0;
    const lines: string[] = [];
    const errs = new IterationErrors((l) => lines.push(l), () => now, 5000);
    for (let i = 0; i < 100; i++) errs.record('s', new Error('boom'));
    errs.record('s', new TypeError('other'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^iteration error \(scenario s\): Error: boom\n\s+at /);
    now = 6000;
    errs.record('s', new Error('boom'));
    expect(lines[2]).toBe('iteration error (scenario s): Error: boom (x100 in the last 6s, 101 in total)');
    errs.record('s', new Error('boom'));
    errs.flush();
    expect(lines[3]).toBe('iteration error: Error: boom (x1 more, 102 in total)');
    expect(errs.total).toBe(103);
  });

  it('bounds the number of distinct messages it tracks', () => {
    const lines: string[] = [];
    const errs = new IterationErrors((l) => lines.push(l), () => 0, 5000, 3);
    for (let i = 0; i < 50; i++) errs.record('s', new Error(`id ${i}`));
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain('id 3');
  });
});
