import { fold } from '@dird/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnIndex } from './column-index.js';
import { SearchedColumnBuilder } from './searched-column.js';
import { SHORT_ROWS_PREPARED, ShortTerms } from './short-terms.js';

/** The searched columns of `rows` (each row's values), indexed as a loaded file's are. */
async function indexOf(rows: readonly (readonly string[])[], width: number): Promise<ColumnIndex[]> {
  const builders = Array.from({ length: width }, (_, c) => new SearchedColumnBuilder(c));
  for (const row of rows) for (const b of builders) b.add(row);
  return Promise.all(builders.map((b) => b.build()).map((c) => ColumnIndex.build(c.valueOfRow, c.values)));
}

/** The first `limit` rows holding `term` in one of their values (folded), by checking every row. */
function firstRows(rows: readonly (readonly string[])[], term: string, limit: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows.length && out.length < limit; r++)
    if (rows[r].some((v) => fold(v).includes(term))) out.push(r);
  return out;
}

describe('the first rows of one- and two-character terms, prepared at load', () => {
  it('are the first rows holding the term, for every such term and any limit (property)', async () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'b', 'é', ' ', '1'), maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(value, value), { maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        async (rows, limit) => {
          const short = await ShortTerms.build(await indexOf(rows, 2), rows.length);
          for (const term of ['a', 'b', 'e', ' ', '1', 'ab', 'ba', 'ee', 'a ', '1a', 'z', 'zz']) {
            expect([...short.rows(term, limit)!], term).toEqual(firstRows(rows, term, limit));
          }
        },
      ),
    );
  });

  it('keep the prepared rows of a term matching more, and tell a deeper page to be found the long way', async () => {
    const rows = Array.from({ length: SHORT_ROWS_PREPARED * 2 }, (_, i) => [i % 3 === 0 ? 'ana' : 'bob']);
    const short = await ShortTerms.build(await indexOf(rows, 1), rows.length);
    expect([...short.rows('an', 1001)!]).toEqual(firstRows(rows, 'an', 1001));
    expect(short.rows('b', SHORT_ROWS_PREPARED)!.length).toBe(SHORT_ROWS_PREPARED);
    // 'an' is on 1,334 rows, fewer than prepared: all of them are there; 'b' is on 2,668: a deeper page is not.
    expect([...short.rows('an', 5000)!]).toEqual(firstRows(rows, 'an', 5000));
    expect(short.rows('b', SHORT_ROWS_PREPARED + 1)).toBeUndefined();
    expect([...short.rows('q', 10)!]).toEqual([]);
  });
});
