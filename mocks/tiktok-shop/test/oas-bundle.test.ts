/** The bundle loads from the installed package, and the value-list grammar as a table. */
import { describe, expect, it } from 'vitest';
import { documentedValues, loadErpOperations } from './oas-bundle.ts';

describe('documentedValues', () => {
  const cases: { name: string; text: string | undefined; want: string[] | undefined }[] = [
    { name: 'no description', text: undefined, want: undefined },
    { name: 'prose only', text: 'The order status.', want: undefined },
    { name: 'a bullet list of constants', text: 'Status.\nPossible values:\n- `UNPAID`: not paid.\n- `ON_HOLD`: held.', want: ['UNPAID', 'ON_HOLD'] },
    { name: 'list without a heading, indented bullets', text: '  - `TIKTOK`: by TikTok\n  - `SELLER`: by the seller', want: ['TIKTOK', 'SELLER'] },
    { name: 'a lone bullet is an example, not a list', text: '- `GOOD`: quality', want: undefined },
    { name: 'numbered or lower-case bullets are not values', text: '- 1: Returns one\n- `a`: lower\n- `B`: upper', want: undefined },
    { name: 'digits and underscores inside values', text: '- `V2_X`: a\n- `FULFILLMENT_BY_SELLER`: b', want: ['V2_X', 'FULFILLMENT_BY_SELLER'] },
  ];
  for (const c of cases) it(c.name, () => expect(documentedValues(c.text)).toEqual(c.want));
});

it('reads the ERP modules of the installed bundle', () => {
  const ops = loadErpOperations();
  expect(ops.get('POST /product/202502/products/search')?.response?.properties?.data).toBeDefined();
  expect(ops.size).toBeGreaterThan(100);
});
