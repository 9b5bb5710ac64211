/**
 * Reading request bodies: a size cap (413 before buffering more), and JSON parsing that
 * names what was wrong (400 MALFORMED_JSON with the parser's message).
 */
import type { IncomingMessage } from 'node:http';
import { readBody as readCapped } from '../../lib/http/read-body.ts';
import { StackError } from '../errors.ts';

/** The body, at most `maxBytes` of it (413 BODY_TOO_LARGE beyond). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return readCapped(req, maxBytes, (detail) => new StackError('BODY_TOO_LARGE', detail));
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) throw new StackError('MALFORMED_JSON', 'the body is empty');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new StackError('MALFORMED_JSON', (e as Error).message);
  }
}
