/**
 * A small strict XML parser for tests: enough to prove junit.xml is well-formed and to read it
 * back. Throws on anything not well-formed (unbalanced or mismatched tags, unescaped `<` or `&`,
 * duplicate or unquoted attributes, text outside the root).
 *
 * Grammar (the subset junit.xml uses):
 *   document = prolog? ws* element ws*
 *   prolog   = "<?xml" (any but "?>")* "?>"
 *   element  = "<" name attr* ws* ( "/>" | ">" content "</" name ws* ">" )
 *   attr     = ws+ name ws* "=" ws* ( '"' attvalue '"' | "'" attvalue "'" )
 *   content  = ( element | text | comment )*
 *   text     = ( char but "<" and "&" | reference )*
 *   reference= "&" ( "amp" | "lt" | "gt" | "quot" | "apos" | "#" digits | "#x" hex ) ";"
 *   name     = [A-Za-z_:][A-Za-z0-9_:.-]*
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(src: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`XML: ${msg} at offset ${i}: ${JSON.stringify(src.slice(i, i + 30))}`);
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i] ?? '')) i++;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);/g, (_m, ref: string) => {
      if (ref in ENTITIES) return ENTITIES[ref] ?? '';
      if (/^#\d+$/.test(ref)) return String.fromCodePoint(Number(ref.slice(1)));
      if (/^#x[0-9a-fA-F]+$/.test(ref)) return String.fromCodePoint(parseInt(ref.slice(2), 16));
      return fail(`unknown entity &${ref};`);
    });
  const checkText = (raw: string) => {
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) fail('unescaped &');
  };

  const element = (): XmlElement => {
    if (src[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      ws();
      if (src.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const an = name();
      ws();
      if (src[i] !== '=') fail('expected =');
      i++;
      ws();
      const q = src[i];
      if (q !== '"' && q !== "'") fail('attribute value must be quoted');
      const end = src.indexOf(q as string, i + 1);
      if (end < 0) fail('unterminated attribute');
      const raw = src.slice(i + 1, end);
      if (raw.includes('<')) fail('< in attribute value');
      checkText(raw);
      if (an in el.attrs) fail(`duplicate attribute ${an}`);
      el.attrs[an] = decode(raw);
      i = end + 1;
    }
    for (;;) {
      if (i >= src.length) fail(`unclosed <${el.name}>`);
      if (src.startsWith('</', i)) {
        i += 2;
        const n = name();
        if (n !== el.name) fail(`</${n}> closes <${el.name}>`);
        ws();
        if (src[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (src[i] === '<') {
        el.children.push(element());
      } else {
        const end = src.indexOf('<', i);
        const raw = src.slice(i, end < 0 ? src.length : end);
        if (raw.includes('>') && raw.includes(']]>')) fail(']]> in text');
        checkText(raw);
        el.text += decode(raw);
        i += raw.length;
      }
    }
  };

  if (src.startsWith('<?xml')) {
    const end = src.indexOf('?>');
    if (end < 0) fail('unterminated prolog');
    i = end + 2;
  }
  ws();
  const root = element();
  ws();
  if (i !== src.length) fail('content after the root element');
  return root;
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
