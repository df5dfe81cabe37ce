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

  it("reads a quote inside an unquoted field as a character, as Python's csv does, and loses no line", async () => {
    const text = 'id,name,note\n1,O"Brien,x\n2,5" screen,y\n3,"abc"def,z\n4,bad "quote" here,w\n5,Plain,v\n';
    expect(await records(text)).toEqual([
      ['id', 'name', 'note'],
      ['1', 'O"Brien', 'x'],
      ['2', '5" screen', 'y'],
      ['3', '"abc"def', 'z'],
      ['4', 'bad "quote" here', 'w'],
      ['5', 'Plain', 'v'],
    ]);
  });

  it('reports a quoted field never closed with the line where it opened', async () => {
    await expect(records('id,name\n1,ok\n2,"never closed\n3,x\n4,y\n')).rejects.toThrow(/line 3: .*quote/i);
  });
});
