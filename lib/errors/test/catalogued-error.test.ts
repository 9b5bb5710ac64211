import { describe, expect, it } from 'vitest';
import { CataloguedError, catalogueError } from '../catalogued-error.ts';

const DemoError = catalogueError('DemoError', { PD_DEMO_MISSING: 'nothing found', PD_DEMO_BAD: 'not usable' } as const);

describe('catalogueError', () => {
  it('carries the stable code, the name and the catalogue wording with the detail', () => {
    const e = new DemoError('PD_DEMO_MISSING', 'no run in "x"');
    expect(e).toBeInstanceOf(DemoError);
    expect(e).toBeInstanceOf(CataloguedError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('PD_DEMO_MISSING');
    expect(e.name).toBe('DemoError');
    expect(e.message).toBe('nothing found: no run in "x"');
    expect(e.status).toBeUndefined();
  });
  it('keeps the cause', () => {
    const cause = new Error('ENOENT');
    expect(new DemoError('PD_DEMO_BAD', 'f.json', cause).cause).toBe(cause);
  });
  it('an empty detail leaves the wording alone', () => {
    expect(new DemoError('PD_DEMO_BAD', '').message).toBe('not usable');
  });
  it('carries an HTTP status for parts that answer over HTTP', () => {
    expect(new CataloguedError('X', 'NOT_FOUND', 'no such thing', { status: 404 }).status).toBe(404);
  });
});
