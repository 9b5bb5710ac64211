/**
 * Answers requests that node's HTTP parser refuses before any handler sees them (a CR or LF
 * inside a header, two Content-Length headers, Transfer-Encoding with Content-Length, a header
 * section over the size limit) with a status and a body in the part's own error shape.
 *
 * Node's default writes a bodiless 400 and destroys the socket at once; with request bytes
 * still unread, the kernel then resets the connection and the client may never see the answer
 * (a 100 KB header section reads as ECONNRESET instead of 431). Here the answer is written,
 * the socket half-closed, and what the client still sends is read and dropped until it closes
 * or a short grace period ends.
 */
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';

export interface ClientErrorBody {
  contentType: string;
  body: string;
}

/** How long a refused client may keep sending before its socket is destroyed. */
const GRACE_MS = 5_000;

/** Node's parser error codes -> status; anything else it refuses is a 400. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/** Why the request was refused, in words a client developer can act on. */
const REASON_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'the request is not valid HTTP/1.1 (a bad header, conflicting lengths or a malformed request line)',
  408: 'the request did not arrive in time',
  431: 'the request header section is too large',
};

/** Installs the answer on `server`; `render` shapes the body the way the part answers errors. */
export function answerClientErrors(server: Server, render: (status: number, message: string) => ClientErrorBody): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // The parser reports again for each further chunk: answered once, the rest is dropped.
    if (answered.has(socket)) return;
    answered.add(socket);
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = STATUS_BY_CODE[err.code ?? ''] ?? 400;
    const { contentType, body } = render(status, REASON_BY_STATUS[status] ?? (STATUS_CODES[status] as string));
    const head = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: ${contentType}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`;
    socket.end(head + body);
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), GRACE_MS);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
}
