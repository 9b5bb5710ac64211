/**
 * A `data` value too big to build as one string: the ledger of a long promo holds millions of
 * orders, past V8's maximum string length. A handler returns a JsonStream of JSON text pieces
 * and the server writes the envelope around them in ~64 KB chunks, waiting on backpressure.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

export class JsonStream {
  /** `pieces` yields JSON text that, concatenated, is one JSON value. */
  constructor(readonly pieces: () => Iterable<string>) {}
}

/** JSON array text of `items`, one piece per item (with its separator). */
export function* jsonArray<T>(items: Iterable<T>, map: (t: T) => unknown): Generator<string> {
  yield '[';
  let first = true;
  for (const it of items) {
    yield (first ? '' : ',') + JSON.stringify(map(it));
    first = false;
  }
  yield ']';
}

const CHUNK = 64 * 1024;

export async function writeJsonStream(res: ServerResponse, requestId: string, data: JsonStream): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json' });
  let buf = `{"code":0,"message":"Success","request_id":${JSON.stringify(requestId)},"data":`;
  for (const piece of data.pieces()) {
    buf += piece;
    if (buf.length >= CHUNK) {
      if (res.destroyed) return;
      const ok = res.write(buf);
      buf = '';
      if (!ok) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
  }
  if (!res.destroyed) res.end(`${buf}}`);
}
