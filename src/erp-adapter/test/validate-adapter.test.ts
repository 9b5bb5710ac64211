import { describe, expect, it } from 'vitest';
import { importAdapterModule, instantiate } from '../load-adapter.ts';
import { validateAdapter } from '../validate-adapter.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}.ts`, import.meta.url).pathname;

async function problemsOf(name: string, timeoutMs = 300): Promise<string[]> {
  const adapter = await instantiate(await importAdapterModule(fixture(name)), {}, timeoutMs);
  return validateAdapter(adapter, { timeoutMs });
}

describe('validateAdapter', () => {
  const cases: { name: string; fixture: string; expect: RegExp[] }[] = [
    { name: 'a complete adapter has no problem', fixture: 'memory-adapter', expect: [] },
    { name: 'missing operations are each named', fixture: 'missing-op-adapter', expect: [/^readOrder: missing/, /^markShipped: missing/] },
    { name: 'a wrong shape names the operation and the field', fixture: 'wrong-shape-adapter', expect: [/^listOrders: .*wrong shape.*next_after_seq must be an integer.*orders\[0\]\.status must be received\|allocated.*"DONE"/] },
    { name: 'a throwing operation is named with its message', fixture: 'throwing-adapter', expect: [/^readOrder: readOrder\(\) threw: connection refused by the ERP/] },
    { name: 'a hanging operation is bounded by the timeout and named', fixture: 'hanging-adapter', expect: [/^listOrders: listOrders\(\) did not answer within 300 ms/] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const problems = await problemsOf(c.fixture);
      expect(problems).toHaveLength(c.expect.length);
      c.expect.forEach((re, i) => expect(problems[i]).toMatch(re));
    });
  }

  it('with a probe, writes the stock it read back unchanged and checks the answer', async () => {
    const adapter = await instantiate(await importAdapterModule(fixture('memory-adapter')), {}, 300);
    await adapter.setStock({ sku: 'A', warehouse_id: 'W', on_hand: 7 }, {});
    expect(await validateAdapter(adapter, { timeoutMs: 300, probe: { sku: 'A', warehouse_id: 'W' } })).toEqual([]);
    expect((adapter as unknown as { calls: Record<string, number> }).calls.setStock).toBe(2);
    expect((await adapter.readStock('A'))?.warehouses[0]?.on_hand).toBe(7);
  });

  it('refuses a module that is not an adapter, naming why', async () => {
    await expect(importAdapterModule('./no/such/adapter.ts')).rejects.toThrow(/no adapter file "\.\/no\/such\/adapter\.ts"/);
    await expect(instantiate(42, {}, 100)).rejects.toThrow(/default export must be an adapter object or a factory function \(got number\)/);
    await expect(instantiate(() => new Promise(() => undefined), {}, 100)).rejects.toThrow(/factory did not return within 100 ms/);
    await expect(instantiate(() => { throw new Error('bad url'); }, {}, 100)).rejects.toThrow(/factory threw: bad url/);
  });
});
