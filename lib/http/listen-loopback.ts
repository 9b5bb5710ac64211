/**
 * Starts a server on 127.0.0.1 and resolves once it listens. A port that cannot be taken (in
 * use, not permitted) rejects with a message naming what wanted it and the address, so a
 * command can say it in one line instead of a stack trace.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class ListenError extends Error {
  constructor(readonly what: string, readonly port: number, override readonly cause: NodeJS.ErrnoException) {
    const why = cause.code === 'EADDRINUSE' ? 'the port is in use' : cause.code === 'EACCES' ? 'the port is not permitted' : cause.message;
    super(`${what} could not listen on 127.0.0.1:${port}: ${why}`);
    this.name = 'ListenError';
  }
}

/** Listens on 127.0.0.1:`port` (0 = any free port) and returns the port bound. */
export function listenOnLoopback(server: Server, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (e: NodeJS.ErrnoException): void => reject(new ListenError(what, port, e));
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
