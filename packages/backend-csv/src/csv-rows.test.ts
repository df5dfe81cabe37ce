import { describe, expect, it } from 'vitest';
import { CsvRows, LineReuse } from './csv-rows.js';

describe('CsvRows', () => {
  it('gives back each row as kept, from its line or its values, and each field without splitting', () => {
    const rows = new CsvRows(';');
    rows.push('1;Zoé;Lefèvre;+33 1 23 45 67 89');
    rows.push(['2', 'Smith; John', '', '0123']);
    rows.push('3;Short');
    rows.push(';;;');
    rows.push('4;Long;Row;0456;extra');
    const expected = [
      ['1', 'Zoé', 'Lefèvre', '+33 1 23 45 67 89'],
      ['2', 'Smith; John', '', '0123'],
      ['3', 'Short'],
      ['', '', '', ''],
      ['4', 'Long', 'Row', '0456', 'extra'],
    ];
    expect(rows.length).toBe(5);
    expected.forEach((values, row) => {
      expect(rows.get(row)).toEqual(values);
      for (let column = 0; column < 6; column++)
        expect(rows.field(row, column), `${row}:${column}`).toBe(values[column]);
    });
  });

  it('splits on a separator of several characters', () => {
    const rows = new CsvRows('||');
    rows.push('a||b|c||');
    expect(rows.get(0)).toEqual(['a', 'b|c', '']);
    expect([0, 1, 2, 3].map((c) => rows.field(0, c))).toEqual(['a', 'b|c', '', undefined]);
  });

  it('tells a row whose values need no JSON escaping: a line without quotes, backslashes or control characters', () => {
    const rows = new CsvRows(',');
    // Any surrogate counts (a pair is written as it is, but telling pairs apart is left to JSON.stringify).
    for (const row of ['1,Zoé,Lefèvre', '2,a\\b', '3,tab\there', '4,say "hi"', '5,\ud800', '6,😀']) rows.push(row);
    rows.push(['7', 'kept as values']);
    expect([0, 1, 2, 3, 4, 5, 6].map((r) => rows.plain(r))).toEqual([true, false, false, false, false, false, false]);
  });
});

describe('LineReuse (a reload sharing the lines it reads again with the version in service)', () => {
  const before = Array.from(
    { length: 100 },
    (_, i) => `${i},First${i},Last${i},+33 1 23 45 ${String(i).padStart(2, '0')}`,
  );
  const previous = CsvRows.of([]);
  for (const line of before) previous.push(line);
  previous.push(['100', 'kept as values']);

  /** The lines given back for `lines` read in order, and how many came from the previous version. */
  const read = (lines: readonly string[], rows: CsvRows | null = previous) => {
    const reuse = new LineReuse(rows ?? undefined);
    const out = lines.map((line, row) => reuse.take(line, row));
    // Each row's previous row holds the very same line (what was prepared from it is kept on that ground).
    const from = reuse.previousRows();
    if (rows !== null) {
      expect(from).toHaveLength(lines.length);
      from!.forEach((before, row) => {
        if (before >= 0) expect(rows.line(before), `row ${row}`).toBe(lines[row]);
      });
      expect(from!.filter((before) => before >= 0)).toHaveLength(reuse.reused);
    } else expect(from).toBeUndefined();
    return { out, reused: reuse.reused };
  };

  it.each([
    ['the same file', before, 100],
    ['a row changed', before.map((l, i) => (i === 40 ? '40,Changed,Row,0' : l)), 99],
    ['five rows changed in a row', before.map((l, i) => (i >= 40 && i < 45 ? `${i},Changed` : l)), 95],
    ['a row added', [...before.slice(0, 40), '999,New,Row,0', ...before.slice(40)], 100],
    [
      'ten rows added in a row',
      [...before.slice(0, 40), ...before.slice(0, 10).map((l) => `x${l}`), ...before.slice(40)],
      100,
    ],
    ['a row removed', [...before.slice(0, 40), ...before.slice(41)], 99],
    ['15 rows removed in a row', [...before.slice(0, 40), ...before.slice(55)], 85],
    ['rows appended', [...before, '100,New', '101,New'], 100],
    ['the first row removed', before.slice(1), 99],
    ['every row changed', before.map((l) => `${l}!`), 0],
  ])('%s: every line read is given back as read, the unchanged ones from before', (_, lines, reused) => {
    const got = read(lines);
    expect(got.out).toEqual(lines);
    expect(got.reused).toBe(reused);
  });

  it('loses nothing past a longer run of removed rows: the lines after it are read as new', () => {
    const lines = [...before.slice(0, 10), ...before.slice(60)];
    const got = read(lines);
    expect(got.out).toEqual(lines);
    expect(got.reused).toBe(10);
  });

  it('reuses nothing without a previous version, or from rows kept as values', () => {
    expect(read(before, null).reused).toBe(0);
    const values = CsvRows.of([['1', 'a']]);
    expect(read(['1,a'], values)).toEqual({ out: ['1,a'], reused: 0 });
  });
});
