import { describe, expect, it } from 'vitest';
import { parseXml } from './xml-parse.ts';

// The test parser must itself reject what is not well-formed, or the junit test proves nothing.
describe('parseXml (named cases)', () => {
  it.each([
    ['prolog and self-closing root', '<?xml version="1.0"?>\n<a/>', true],
    ['attributes and entities', `<a x="1 &amp; 2" y='&lt;'>t &#10; &#x41;</a>`, true],
    ['nested elements and comment', '<a><!-- c --><b></b><c/></a>', true],
    ['mismatched close tag', '<a><b></a></b>', false],
    ['unclosed element', '<a><b/>', false],
    ['unescaped < in attribute', '<a x="<"/>', false],
    ['unescaped & in text', '<a>1 & 2</a>', false],
    ['unknown entity', '<a>&nbsp;</a>', false],
    ['unquoted attribute', '<a x=1/>', false],
    ['duplicate attribute', '<a x="1" x="2"/>', false],
    ['two roots', '<a/><b/>', false],
  ])('%s', (_name, src, ok) => {
    if (ok) expect(() => parseXml(src)).not.toThrow();
    else expect(() => parseXml(src)).toThrow(/XML:/);
  });

  it('decodes text and attributes', () => {
    const a = parseXml(`<a x="&quot;q&quot;">A&#10;B &amp; C</a>`);
    expect(a.attrs.x).toBe('"q"');
    expect(a.text).toBe('A\nB & C');
  });
});
