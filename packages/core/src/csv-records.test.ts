import { describe, expect, it } from 'vitest';
import { csvTextRecords, MAX_QUOTED_LINES } from './csv-records.js';

const parseCsvText = (text: string, separator: string) => [...csvTextRecords(text, separator)];
import { decodeWindows1252 } from './windows-1252.js';

describe('csvTextRecords', () => {
  it('reads lines ending at LF, CRLF or a lone CR, skips empty lines and a BOM', () => {
    expect(parseCsvText('\ufeffid,name\r\n1,Alice\n\n2,Bob\r3,Carol', ',')).toEqual([
      ['id', 'name'],
      ['1', 'Alice'],
      ['2', 'Bob'],
      ['3', 'Carol'],
    ]);
    expect(parseCsvText('', ',')).toEqual([]);
    expect(parseCsvText('\r\n\n', ',')).toEqual([]);
  });

  it("reads quotes as Python's csv does: separators and line ends inside, doubled quotes, plain quotes elsewhere", () => {
    const text = 'id|name|note\n1|"Smith| John"|"two\r\nlines"\n2|O"Brien|"say ""hi"""\n3|"b"c|5" screen\n';
    expect(parseCsvText(text, '|')).toEqual([
      ['id', 'name', 'note'],
      ['1', 'Smith| John', 'two\r\nlines'],
      ['2', 'O"Brien', 'say "hi"'],
      ['3', 'bc', '5" screen'],
    ]);
  });

  it('reads no further than the records taken', () => {
    const records = csvTextRecords('a\nb\n"never closed\n', ',');
    expect([records.next().value, records.next().value]).toEqual([['a'], ['b']]);
  });

  it('names the line where a quote never closed opens', () => {
    expect(() => parseCsvText('id,name\n1,ok\n2,"open\n3,x\n', ',')).toThrow(
      /^line 3: quote not closed: the quoted field opened on this line goes on to the end/,
    );
    const long = `a\n"${'x\n'.repeat(MAX_QUOTED_LINES + 1)}`;
    expect(() => parseCsvText(long, ',')).toThrow(`goes on for more than ${MAX_QUOTED_LINES} lines`);
  });
});

describe('decodeWindows1252', () => {
  it('reads Latin-1, and what Windows-1252 puts at 0x80-0x9f', () => {
    expect(decodeWindows1252(Buffer.from([0x48, 0xe9, 0x80, 0x9c, 0x92]))).toBe('Hé€œ’');
    expect(decodeWindows1252(new Uint8Array([0x41, 0xfc]).subarray(1))).toBe('ü');
  });
});
