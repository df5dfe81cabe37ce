import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ColumnIndex } from './column-index.js';

/** Folded searchable text of every row, columns joined by this (a term never contains it). */
export const COLUMN_JOINER = '\u0001';

const BATCH = 50_000;
const EMPTY = new Uint32Array(0);

/**
 * The substring index of a CSV file's searched columns: one {@link ColumnIndex} per column, so a search
 * finds the distinct values holding the term, then their rows. Exact: the rows it gives are the rows whose
 * searched text contains the term in one column (never across two).
 */
export class SubstringIndex {
  private constructor(private readonly columns: readonly ColumnIndex[]) {}

  /** Builds the index from each row's folded text, yielding to the event loop between batches. */
  static async build(texts: readonly string[]): Promise<SubstringIndex> {
    const count = texts.length ? texts[0].split(COLUMN_JOINER).length : 0;
    const valueOfRow = Array.from({ length: count }, () => new Uint32Array(texts.length));
    const ids = Array.from({ length: count }, () => new Map<string, number>());
    for (let start = 0; start < texts.length; start += BATCH) {
      const end = Math.min(texts.length, start + BATCH);
      for (let row = start; row < end; row++) {
        const t = texts[row];
        let from = 0;
        for (let c = 0; c < count; c++) {
          // The last column takes the rest: a value holding the joiner itself then stays searchable.
          let to = c === count - 1 ? -1 : t.indexOf(COLUMN_JOINER, from);
          if (to < 0) to = t.length;
          const value = t.slice(from, to);
          let id = ids[c].get(value);
          if (id === undefined) ids[c].set(value, (id = ids[c].size));
          valueOfRow[c][row] = id;
          from = to + 1;
        }
      }
      if (end < texts.length) await yieldToEventLoop();
    }
    const columns: ColumnIndex[] = [];
    for (let c = 0; c < count; c++) columns.push(await ColumnIndex.build(valueOfRow[c], [...ids[c].keys()]));
    return new SubstringIndex(columns);
  }

  /**
   * Rows whose searched text contains `term` (folded, 3+ characters) within one column, ascending; null when
   * the term is too short for the index and the caller must scan.
   */
  rows(term: string): Uint32Array | null {
    if (term.length < 3) return null;
    const found: Uint32Array[] = [];
    for (const column of this.columns) column.rowsContaining(term, found);
    if (found.length === 0) return EMPTY;
    return found.length === 1 ? found[0] : union(found);
  }
}

/** The ascending union of ascending lists (a row found in two columns or values is listed once). */
function union(lists: readonly Uint32Array[]): Uint32Array {
  let total = 0;
  for (const l of lists) total += l.length;
  const all = new Uint32Array(total);
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return all.subarray(0, n);
}
