import { generateContacts } from '@dird/datagen';
import { describe, expect, it } from 'vitest';
import { CsvRows } from './csv-rows.js';
import { CsvSnapshot } from './csv-snapshot.js';
import type { CsvTable } from './csv-table.js';
import { fold } from '@dird/core';
import { SearchedColumnBuilder } from './searched-column.js';

function table(header: string[], rows: string[][], searched: string[]): CsvTable {
  const columns = searched
    .map((c) => header.indexOf(c))
    .filter((i) => i >= 0)
    .map((i) => new SearchedColumnBuilder(i));
  for (const r of rows) for (const c of columns) c.add(r);
  return { header, rows: CsvRows.of(rows), searched: columns.map((c) => c.build()), missingColumns: [] };
}

describe('CsvSnapshot', () => {
  const header = ['id', 'firstname', 'lastname', 'number'];
  const contacts = [...generateContacts(20_000, 7)];
  const rows = contacts.map((c) => [c.id, c.firstname, c.lastname, c.phone]);
  const searched = ['firstname', 'lastname'];

  it('finds exactly what a full scan finds, in file order, for terms of every length', async () => {
    const snap = await CsvSnapshot.build(table(header, rows, searched), {
      searchedColumns: searched,
      firstMatchedColumns: [],
    });
    const terms = ['a', 'é', 'al', 'ali', 'mart', 'Gérard', 'ÇAĞ', 'ique', 'zzz', 'n m', "o'c", 'lefèvre', 'nguyen'];
    for (const term of terms) {
      const f = fold(term);
      const expected = rows.flatMap((r, i) => (fold(r[1]).includes(f) || fold(r[2]).includes(f) ? [i] : []));
      expect(Array.from(snap.match(f)), term).toEqual(expected);
    }
  });

  it('with a limit, gives the first rows of the full answer, in file order', async () => {
    const snap = await CsvSnapshot.build(table(header, rows, searched), {
      searchedColumns: searched,
      firstMatchedColumns: [],
    });
    for (const term of ['a', 'e', 'an', 'ma', 'ali', 'zzz']) {
      const all = Array.from(snap.match(fold(term)));
      // Rising, then falling: short terms keep their first rows, which must serve any smaller page.
      for (const limit of [0, 1, 7, 50, 1000, all.length, all.length + 3, 1000, 50, 7, 1, 0]) {
        expect(Array.from(snap.match(fold(term), limit)), `${term} limit ${limit}`).toEqual(all.slice(0, limit));
      }
    }
  });

  it('finds exactly what a full scan finds in columns of many distinct values', async () => {
    const wide = ['id', 'email', 'note'];
    const wideRows = contacts.map((c, i) => [c.id, c.email, i === 5 ? 'x zorglub' : c.city]);
    const snap = await CsvSnapshot.build(table(wide, wideRows, ['email', 'note']), {
      searchedColumns: ['email', 'note'],
      firstMatchedColumns: [],
    });
    for (const term of [
      'martin.dub',
      'ali',
      '123@',
      'example',
      'zorglub',
      'x zo',
      'e',
      'zo',
      'lyon',
      '.example',
      'zzz',
    ]) {
      const f = fold(term);
      const expected = wideRows.flatMap((r, i) => (fold(r[1]).includes(f) || fold(r[2]).includes(f) ? [i] : []));
      expect(Array.from(snap.match(f)), term).toEqual(expected);
    }
  });

  it('never matches across two columns, honours the limit, and matches everything on an empty term', async () => {
    const snap = await CsvSnapshot.build(table(header, [['1', 'Ann', 'Eve', '']], searched), {
      searchedColumns: searched,
      firstMatchedColumns: [],
    });
    expect(Array.from(snap.match('nne'))).toEqual([]);
    expect(Array.from(snap.match(''))).toEqual([0]);
    const big = await CsvSnapshot.build(table(header, rows, searched), {
      searchedColumns: searched,
      firstMatchedColumns: [],
    });
    expect(Array.from(big.match('', 5))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(big.match('ali', 3))).toEqual(Array.from(big.match('ali')).slice(0, 3));
  });

  it('finds nothing when no searched column exists', async () => {
    const snap = await CsvSnapshot.build(table(header, rows, []), {
      searchedColumns: ['nope'],
      firstMatchedColumns: [],
    });
    expect(Array.from(snap.match(''))).toEqual([]);
    expect(Array.from(snap.match('ali'))).toEqual([]);
  });

  it('gives the first row in file order for an exact first match, and lists by unique id', async () => {
    const t = table(
      header,
      [
        ['1', 'A', 'B', '555'],
        ['2', 'C', 'D', '123'],
        ['3', 'E', 'F', '555'],
        ['3', 'G', 'H', '9'],
      ],
      searched,
    );
    const snap = await CsvSnapshot.build(t, {
      searchedColumns: searched,
      firstMatchedColumns: ['number', 'id'],
      uniqueColumn: 'id',
    });
    expect(snap.firstMatch(['555'])).toBe(0);
    expect(snap.firstMatch(['9', '123'])).toBe(1);
    expect(snap.firstMatch(['55'])).toBeUndefined();
    const formatted = table(
      header,
      [
        ['1', 'A', 'B', '01.23.45.67.89'],
        ['2', 'C', 'D', '+33 6 11 22 33 44'],
      ],
      searched,
    );
    const f = await CsvSnapshot.build(formatted, { searchedColumns: searched, firstMatchedColumns: ['number'] });
    expect(f.firstMatch(['(01) 23-45-67-89'])).toBe(0);
    expect(f.firstMatch(['0033611223344', '+33611223344'])).toBe(1);
    expect(f.firstMatch(['0611223344'])).toBeUndefined();
    expect(snap.list(['3', '1', 'nope'])).toEqual([0, 2, 3]);
    expect(snap.values(1)).toEqual(['2', 'C', 'D', '123']);
  });
});
