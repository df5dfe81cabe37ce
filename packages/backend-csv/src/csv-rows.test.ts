import { describe, expect, it } from 'vitest';
import { CsvRows } from './csv-rows.js';

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
