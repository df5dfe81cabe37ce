import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from './csv-lines.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dird-csv-lines-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function records(text: string, separator = ','): Promise<string[][]> {
  const file = path.join(dir, `f${Math.random()}.csv`);
  await writeFile(file, text);
  const out: string[][] = [];
  await readCsvRecords(file, separator, (r) => out.push(r));
  return out;
}

describe('readCsvRecords', () => {
  it('gives the line of each record read without csv-parse, and null for the quoted ones', async () => {
    const file = path.join(dir, 'lines.csv');
    await writeFile(file, '\ufeffid,name\r\n1,Zoé\r\n2,"Smith, John"\r\n3,\r\n');
    const seen: [string[], string | null][] = [];
    await readCsvRecords(file, ',', (record, line) => seen.push([record, line]));
    expect(seen).toEqual([
      [['id', 'name'], 'id,name'],
      [['1', 'Zoé'], '1,Zoé'],
      [['2', 'Smith, John'], null],
      [['3', ''], '3,'],
    ]);
  });

  it('reads what csv-parse reads: quotes, escaped quotes, separators and newlines inside quotes, CRLF, BOM, empty lines', async () => {
    const text =
      '\ufeffid,name,note\r\n1,"Smith, John","said ""hi"""\r\n\r\n2,Plain,"two\r\nlines"\r\n3,Short\r\n4,"",x,extra\r\n5,Zoé,' +
      '"multi\r\nline\r\nvalue"\r\n6,Last,"end"';
    const expected = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
    expect(await records(text)).toEqual(expected);
    expect((await records(text)).map((r) => r[0])).toEqual(['id', '1', '2', '3', '4', '5', '6']);
  });

  it('handles another separator and a file without a final newline', async () => {
    expect(await records('a;b\n1;"x;y"', ';')).toEqual([
      ['a', 'b'],
      ['1', 'x;y'],
    ]);
  });

  it('keeps multi-byte characters whole across read chunks', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},Éloïse Ærøskøbing 北京 😀`);
    const out = await records(`id,name\n${rows.join('\n')}\n`);
    expect(out).toHaveLength(40_001);
    expect(out.every((r, i) => i === 0 || r[1] === 'Éloïse Ærøskøbing 北京 😀')).toBe(true);
  });

  it("reads quotes as Python's csv does: a quote inside an unquoted field is a character, text after a closing quote is kept without the quotes", async () => {
    // Expected values: python3 -c 'import csv,io; print(list(csv.reader(io.StringIO(text, newline=""))))'
    const text =
      'id,name,note\n1,O"Brien,x\n2,5" screen,y\n3,"abc"def,z\n4,bad "quote" here,w\n5,Plain,v\n6,"Al" ,u\n' +
      '7,"b" "c","x"""y\n8,"two\nlines"end,t\n';
    expect(await records(text)).toEqual([
      ['id', 'name', 'note'],
      ['1', 'O"Brien', 'x'],
      ['2', '5" screen', 'y'],
      ['3', 'abcdef', 'z'],
      ['4', 'bad "quote" here', 'w'],
      ['5', 'Plain', 'v'],
      ['6', 'Al ', 'u'],
      ['7', 'b "c"', 'x"y'],
      ['8', 'two\nlinesend', 't'],
    ]);
  });

  it('reports a quoted field never closed with the line where it opened', async () => {
    await expect(records('id,name\n1,ok\n2,"never closed\n3,x\n4,y\n')).rejects.toThrow(/line 3: .*quote/i);
  });

  it('names only the line where the unclosed quote opens', async () => {
    const err = await records('id,name\n1,ok\n2,"never closed\n3,x\n4,y\n').catch((e: Error) => e);
    expect(String(err)).toMatch(/line 3: quote not closed/);
    expect(String(err).match(/line \d+/g)).toEqual(['line 3']);
    // The record starts on line 2; its first quoted field closes on line 4, where the one never closed opens.
    const later = await records('id,name,note\n1,"a\nb\nc","d\n2,x\n').catch((e: Error) => e);
    expect(String(later).match(/line \d+/g)).toEqual(['line 4']);
  });

  it('stops at a quote never closed in a large file instead of reading the rest into one field', async () => {
    // The quote opens on line 3 and nothing closes it: each later line must be read once, not rescanned with
    // all those before it (200,000 lines took hours that way). The error names the line.
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i + 3},Name ${i},${i}`);
    const text = `id,name,number\n1,Ann,1\n2,"Bob,2\n${rows.join('\n')}\n`;
    await expect(records(text)).rejects.toThrow(/^line 3: quote not closed: .*more than 1000 lines/);
    const long = `id,note\n1,"${'x'.repeat(5000)}\n`.repeat(1) + `${'y'.repeat(100_000)}\n`.repeat(20);
    await expect(records(long)).rejects.toThrow(/^line 2: quote not closed: .*more than 1 MiB/);
  });

  it('reads a quoted field over many lines when its quote closes', async () => {
    const note = Array.from({ length: 999 }, (_, i) => `l${i}`).join('\n');
    expect(await records(`id,note\n1,"${note}"\n2,x\n`)).toEqual([
      ['id', 'note'],
      ['1', note],
      ['2', 'x'],
    ]);
  });

  it('ends lines at a lone CR (old Mac files), keeping CRs inside quoted fields', async () => {
    const seen: [string[], string | null][] = [];
    const file = path.join(dir, 'mac.csv');
    await writeFile(file, 'id,name\r1,Alice\r2,"Bob\rSmith"\r\r3,Carol');
    await readCsvRecords(file, ',', (record, line) => seen.push([record, line]));
    expect(seen).toEqual([
      [['id', 'name'], 'id,name'],
      [['1', 'Alice'], '1,Alice'],
      [['2', 'Bob\rSmith'], null],
      [['3', 'Carol'], '3,Carol'],
    ]);
  });

  it('reads a large CR-only file whole, and gives up on a line of several MiB', async () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => `${i},Name ${i}`);
    const out = await records(`id,name\r${rows.join('\r')}\r`);
    expect(out).toHaveLength(200_001);
    expect(out[200_000]).toEqual(['199999', 'Name 199999']);
    await expect(records(`id,name\n${'x,'.repeat(3 << 20)}`)).rejects.toThrow(/^line 2: longer than 1 MiB/);
  });

  it('reads lines that are not UTF-8 as Windows-1252 and says which line was the first', async () => {
    const file = path.join(dir, 'latin1.csv');
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},Zoé`);
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from(`id,name\n${rows.join('\n')}\n`),
        Buffer.from('x,H\xe9l\xe8ne \x80\r\ny,Fran\xe7ois\n', 'latin1'),
        Buffer.from('z,Zoé\n'),
      ]),
    );
    const out: string[][] = [];
    const info = await readCsvRecords(file, ',', (r) => out.push(r));
    expect(out.slice(-3)).toEqual([
      ['x', 'Hélène €'],
      ['y', 'François'],
      ['z', 'Zoé'],
    ]);
    expect(out.slice(1, -3).every((r) => r[1] === 'Zoé')).toBe(true);
    expect(info).toEqual({ nonUtf8Line: 30_002 });
    expect(await readCsvRecords(path.join(dir, 'lines.csv'), ',', () => {})).toEqual({});
  });
});
