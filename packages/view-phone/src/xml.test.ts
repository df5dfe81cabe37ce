import { describe, expect, it } from 'vitest';
import { parseXml } from './test-support/xml-tree.js';
import { x, XML_DECLARATION } from './xml.js';

describe('x (XML escaping)', () => {
  it('turns markup characters into entities', () => {
    expect(x(`Bob & <Sons> "q" 'a'`)).toBe('Bob &amp; &lt;Sons&gt; &quot;q&quot; &#39;a&#39;');
  });

  it('leaves a document a conformant parser reads back as the value, whatever the value holds', () => {
    const values = [
      'Bob & <Sons>',
      'a]]>b',
      '"quoted" \'single\'',
      '&amp; already',
      'tab\tand\nnewline',
      'Zoë 😀 東京',
      '\u0001\u001f\uFFFE\uFFFF',
      'lone \uD800 high and \uDC00 low',
    ];
    for (const value of values) {
      const doc = parseXml(`${XML_DECLARATION}<e a="${x(value)}">${x(value)}</e>`);
      const expected = value.replace(
        /[\u0001\u001f\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
        '\uFFFD',
      );
      expect(doc.root.text).toBe(expected);
      // Attribute values are normalised by XML: tabs and newlines read back as spaces.
      expect(doc.root.attributes.a).toBe(expected.replace(/[\t\n]/g, ' '));
    }
  });

  it('is checked by a parser that refuses what is not well-formed', () => {
    expect(() => parseXml(`${XML_DECLARATION}<e>Bob & Sons</e>`)).toThrow();
    expect(() => parseXml(`${XML_DECLARATION}<e>\u0001</e>`)).toThrow();
  });
});
