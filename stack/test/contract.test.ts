/**
 * The documented contract stays true: every route the server serves is in openapi.yaml (and the
 * other way round), and the documented error codes are exactly the error catalogue's.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ERRORS } from '../errors.ts';
import type { Handler, Services } from '../http/context.ts';
import { Router } from '../../lib/http/router.ts';
import { buildRouter } from '../http/erp-server.ts';

const here = dirname(fileURLToPath(import.meta.url));
const spec = parse(readFileSync(join(here, '..', 'openapi.yaml'), 'utf8'));

/** Records every route the route modules register, without running a server. */
class Recorder extends Router<Handler> {
  readonly seen: string[] = [];
  override add(method: string, pattern: string, handler: Handler): this {
    this.seen.push(`${method} ${pattern}`);
    return super.add(method, pattern, handler);
  }
}

describe('openapi.yaml', () => {
  it('documents exactly the routes served (besides the undocumented /metrics/hdr)', () => {
    const fakeDb = { prepare: () => ({ pluck: () => ({}) }) };
    const r = new Recorder();
    const s = { db: fakeDb } as unknown as Services;
    buildRouter(s, r);
    const served = r.seen.filter((x) => x !== 'GET /metrics/hdr').sort();
    const documented = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
  });

  it('lists the error catalogue', () => {
    expect([...spec.components.schemas.ErrorBody.properties.code.enum].sort()).toEqual(Object.keys(ERRORS).sort());
  });
});
