/**
 * Reads a request body whole, refusing more than a byte cap before buffering it: a declared
 * Content-Length over the cap is refused at once, a body that grows past it as soon as it does.
 * The rest of a refused body is drained (not buffered) so the answer can still be written.
 * Each part says how a refusal reads in its own error catalogue through `tooLarge`.
 */
import type { IncomingMessage } from 'node:http';

export function readBody(req: IncomingMessage, maxBytes: number, tooLarge: (detail: string) => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > maxBytes) {
      req.resume();
      reject(tooLarge(`${declared} bytes, limit ${maxBytes}`));
      return;
    }
    let first: Buffer | undefined;
    let rest: Buffer[] | undefined;
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        reject(tooLarge(`more than ${maxBytes} bytes`));
        return;
      }
      if (first === undefined) first = chunk;
      else (rest ??= [first]).push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(rest ? Buffer.concat(rest) : (first ?? EMPTY));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}

const EMPTY = Buffer.alloc(0);
