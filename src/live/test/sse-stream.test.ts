import { describe, expect, it } from 'vitest';
import { sseEvent } from '../sse-stream.ts';

const cases: { name: string; event: string; data: string; want?: string; throws?: RegExp }[] = [
  { name: 'one line of data', event: 'update', data: '{"a":1}', want: 'event: update\ndata: {"a":1}\n\n' },
  { name: 'empty data is one empty data line', event: 'update', data: '', want: 'event: update\ndata: \n\n' },
  { name: 'LF in data splits into data lines', event: 'final', data: 'a\nb', want: 'event: final\ndata: a\ndata: b\n\n' },
  { name: 'CRLF and CR split too (they would end the line)', event: 'x', data: 'a\r\nb\rc', want: 'event: x\ndata: a\ndata: b\ndata: c\n\n' },
  { name: 'an event name with LF is refused', event: 'a\nb', data: '', throws: /invalid event name/ },
  { name: 'an empty event name is refused', event: '', data: '', throws: /invalid event name/ },
];

describe('sseEvent', () => {
  for (const c of cases) {
    it(c.name, () => {
      if (c.throws) expect(() => sseEvent(c.event, c.data)).toThrow(c.throws);
      else expect(sseEvent(c.event, c.data)).toBe(c.want);
    });
  }
});
