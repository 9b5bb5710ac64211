/**
 * Test helper: sends bytes over a plain TCP socket and collects everything the server answers
 * until it closes, so tests see what a client sees, resets included.
 */
import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The socket error, if the connection was reset instead of answered. */
  error?: string;
}

export function rawRequest(port: number, bytes: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | undefined;
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve(parse(Buffer.concat(chunks).toString('utf8'), error)));
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(bytes);
  });
}

function parse(text: string, error: string | undefined): RawAnswer {
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1] ?? 0);
  return { status, headers, body: end === -1 ? '' : text.slice(end + 4), ...(error ? { error } : {}) };
}

/** Requests node's parser refuses, with the status each must get. */
export const PARSER_REFUSALS: readonly { name: string; bytes: string; status: number }[] = [
  { name: 'a bare CR inside a header value', bytes: 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n', status: 400 },
  { name: 'two Content-Length headers', bytes: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', status: 400 },
  { name: 'Transfer-Encoding with Content-Length', bytes: 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n', status: 400 },
  { name: 'a 100 KB header section', bytes: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`, status: 431 },
];

/** A well-formed request through node's client: status, headers and the body as text. */
export function httpRequest(port: number, method: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
