/**
 * Reading request bodies: a size cap (413 before buffering more), and JSON parsing that
 * names what was wrong (400 MALFORMED_JSON with the parser's message).
 */
import type { IncomingMessage } from 'node:http';
import { StackError } from '../errors.ts';

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      reject(new StackError('BODY_TOO_LARGE', `${declared} bytes > ${maxBytes}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        req.resume();
        reject(new StackError('BODY_TOO_LARGE', `more than ${maxBytes} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) throw new StackError('MALFORMED_JSON', 'the body is empty');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new StackError('MALFORMED_JSON', (e as Error).message);
  }
}
