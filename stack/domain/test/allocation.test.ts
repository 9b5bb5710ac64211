import { describe, expect, it } from 'vitest';
import { allocate, regionDistance, UNKNOWN_DISTANCE, type AllocationInput } from '../allocation.ts';

const WH = [
  { warehouse_id: 'E', region: 'US-EAST' },
  { warehouse_id: 'C', region: 'US-CENTRAL' },
  { warehouse_id: 'W', region: 'US-WEST' },
];

function input(buyerRegion: string, lines: [string, number][], stock: Record<string, Record<string, number>>): AllocationInput {
  return {
    buyerRegion,
    lines: lines.map(([sku, quantity]) => ({ sku, quantity })),
    warehouses: WH,
    available: (w, s) => stock[w]?.[s] ?? 0,
  };
}

const CASES: { name: string; in: AllocationInput; want: ReturnType<typeof allocate> }[] = [
  {
    name: 'nearest warehouse with stock for all lines wins',
    in: input('US-WEST', [['a', 2]], { E: { a: 10 }, C: { a: 10 }, W: { a: 2 } }),
    want: { kind: 'single', parts: [{ warehouse_id: 'W', lines: [{ sku: 'a', quantity: 2 }] }] },
  },
  {
    name: 'nearest without enough stock is skipped for the next nearest',
    in: input('US-WEST', [['a', 3]], { E: { a: 10 }, C: { a: 3 }, W: { a: 2 } }),
    want: { kind: 'single', parts: [{ warehouse_id: 'C', lines: [{ sku: 'a', quantity: 3 }] }] },
  },
  {
    name: 'a single warehouse must hold every line',
    in: input('US-EAST', [['a', 1], ['b', 1]], { E: { a: 5 }, C: { a: 1, b: 1 }, W: { b: 9 } }),
    want: { kind: 'single', parts: [{ warehouse_id: 'C', lines: [{ sku: 'a', quantity: 1 }, { sku: 'b', quantity: 1 }] }] },
  },
  {
    name: 'tie on distance goes to most stock (unknown buyer region)',
    in: input('EU-NORTH', [['a', 1]], { E: { a: 3 }, C: { a: 8 }, W: { a: 5 } }),
    want: { kind: 'single', parts: [{ warehouse_id: 'C', lines: [{ sku: 'a', quantity: 1 }] }] },
  },
  {
    name: 'tie on distance and stock goes to the lowest id',
    in: input('EU-NORTH', [['a', 1]], { E: { a: 3 }, C: { a: 3 }, W: { a: 3 } }),
    want: { kind: 'single', parts: [{ warehouse_id: 'C', lines: [{ sku: 'a', quantity: 1 }] }] },
  },
  {
    name: 'split across warehouses, nearest first, when none holds it all',
    in: input('US-EAST', [['a', 5]], { E: { a: 2 }, C: { a: 2 }, W: { a: 2 } }),
    want: { kind: 'split', parts: [{ warehouse_id: 'E', lines: [{ sku: 'a', quantity: 2 }] }, { warehouse_id: 'C', lines: [{ sku: 'a', quantity: 2 }] }, { warehouse_id: 'W', lines: [{ sku: 'a', quantity: 1 }] }] },
  },
  {
    name: 'backorder when all warehouses together are short',
    in: input('US-EAST', [['a', 7]], { E: { a: 2 }, C: { a: 2 }, W: { a: 2 } }),
    want: { kind: 'backorder', parts: [] },
  },
  {
    name: 'backorder when one line is short even if others are plenty',
    in: input('US-EAST', [['a', 1], ['b', 1]], { E: { a: 9 } }),
    want: { kind: 'backorder', parts: [] },
  },
];

describe('allocate', () => {
  for (const c of CASES) it(c.name, () => expect(allocate(c.in)).toEqual(c.want));

  it('distance table is symmetric, zero on the diagonal, unknown pairs farthest', () => {
    expect(regionDistance('US-EAST', 'US-WEST')).toBe(regionDistance('US-WEST', 'US-EAST'));
    expect(regionDistance('US-SOUTH', 'US-SOUTH')).toBe(0);
    expect(regionDistance('US-EAST', 'MARS')).toBe(UNKNOWN_DISTANCE);
    expect(regionDistance('US-EAST', 'US-CENTRAL')).toBeLessThan(regionDistance('US-EAST', 'US-WEST'));
  });
});
