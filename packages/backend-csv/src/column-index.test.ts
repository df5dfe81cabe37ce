import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ColumnIndex } from './column-index.js';

/** A column of `rows` rows over `distinct` values made of a small alphabet (so that substrings recur). */
function column(distinct: number, rows: number, seed: number) {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const values = new Set<string>();
  while (values.size < distinct) {
    let v = '';
    const length = 3 + Math.floor(random() * 8);
    for (let i = 0; i < length; i++) v += 'abcdeéfg'[Math.floor(random() * 8)];
    values.add(v);
  }
  const list = [...values];
  const valueOfRow = Uint32Array.from({ length: rows }, () => Math.floor(random() * list.length));
  return { list, valueOfRow };
}

describe('ColumnIndex.rowsContaining', () => {
  // Few values are scanned, more get trigrams, many more trigrams and 4-grams: each way gives the rows a scan gives.
  it.each([100, 1000, 6000])('gives the rows whose value holds the term, with %i distinct values', async (distinct) => {
    const { list, valueOfRow } = column(distinct, distinct * 3, distinct);
    const index = await ColumnIndex.build(valueOfRow, list);
    const terms = fc.sample(fc.string({ unit: fc.constantFrom(...'abcdeéfg'), minLength: 1, maxLength: 6 }), {
      numRuns: 300,
      seed: distinct,
    });
    for (const term of terms) {
      const found: Uint32Array[] = [];
      index.rowsContaining(term, found);
      const rows = found.flatMap((l) => Array.from(l)).sort((a, b) => a - b);
      const expected = Array.from(valueOfRow.keys()).filter((row) => list[valueOfRow[row]].includes(term));
      expect(rows, term).toEqual(expected);
    }
  });
});
