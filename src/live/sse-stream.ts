/**
 * Server-Sent Events (the WHATWG `text/event-stream` format) to every connected browser.
 *
 * Grammar of what we write (a subset of the spec's stream grammar):
 *   stream  = *event
 *   event   = [ "event:" SP name LF ] *( "data:" SP line LF ) LF
 *   comment = ":" text LF LF          (keep-alive, ignored by the browser)
 * `line` holds no CR or LF: data with line breaks goes out as one `data:` line per line, which
 * the browser joins back with LF. A name with a line break is refused (it would end the event).
 */
import type { ServerResponse } from 'node:http';

/** One event, framed. Throws on an event name that would break the framing. */
export function sseEvent(name: string, data: string): string {
  if (/[\r\n]/.test(name) || name === '') throw new TypeError(`invalid event name ${JSON.stringify(name)}`);
  const lines = data.split(/\r\n|\r|\n/).map((l) => `data: ${l}\n`);
  return `event: ${name}\n${lines.join('')}\n`;
}

/** The browsers listening: each gets every event from the moment it connects. */
export class SseClients {
  private readonly clients = new Set<ServerResponse>();

  get size(): number {
    return this.clients.size;
  }

  /** Turns a response into an event stream; `first` (the latest state) goes out at once. */
  add(res: ServerResponse, first?: string): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.write(': peakday live\n\n');
    if (first !== undefined) res.write(first);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  send(frame: string): void {
    for (const res of this.clients) res.write(frame);
  }

  /** Ends every stream (the browser sees the end; our page closes its EventSource first). */
  closeAll(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
