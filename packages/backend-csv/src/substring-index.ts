import { ColumnIndex } from './column-index.js';
import type { SearchedColumn } from './searched-column.js';
import { ShortTerms } from './short-terms.js';

const EMPTY = new Uint32Array(0);

/**
 * The substring index of a CSV file's searched columns: one {@link ColumnIndex} per column, so a search
 * finds the distinct values holding the term, then their rows. Exact: the rows it gives are the rows whose
 * value in one searched column contains the term (never across two columns).
 */
export class SubstringIndex {
  private constructor(
    private readonly columns: readonly ColumnIndex[],
    private readonly short: ShortTerms | undefined,
  ) {}

  /** Builds the index of the searched columns (yielding to the event loop while it works). */
  static async build(searched: readonly SearchedColumn[]): Promise<SubstringIndex> {
    const columns: ColumnIndex[] = [];
    for (const c of searched) columns.push(await ColumnIndex.build(c.valueOfRow, c.values));
    const rowCount = searched[0]?.valueOfRow.length ?? 0;
    return new SubstringIndex(columns, columns.length > 0 ? await ShortTerms.build(columns, rowCount) : undefined);
  }

  /**
   * Rows whose value in a searched column contains `term` (folded, not empty), ascending; with `limit`, only
   * the first `limit` of them. A one- or two-letter term on a large file matches most rows: its first rows
   * were prepared at load ({@link ShortTerms}); a deeper page walks the rows in file order until `limit` of
   * them match, instead of merging every match.
   */
  rows(term: string, limit = Infinity): Uint32Array {
    if (term.length < 3 && limit < Infinity) {
      const prepared = this.short?.rows(term, limit);
      if (prepared) return prepared;
      const first = this.firstRowsByScan(term, limit);
      if (first) return first;
    }
    const found: Uint32Array[] = [];
    for (const column of this.columns) column.rowsContaining(term, found);
    if (found.length === 0) return EMPTY;
    const all = found.length === 1 ? found[0] : union(found);
    return all.subarray(0, Math.min(limit, all.length));
  }

  /**
   * The first `limit` matching rows, found by walking the rows in order and checking each one's value ids
   * against the values that contain `term`; `undefined` when matches are too few for the walk to stop early.
   */
  private firstRowsByScan(term: string, limit: number): Uint32Array | undefined {
    let matching = 0;
    const marks = this.columns.map((column) => {
      const m = new Uint8Array(column.valueCount);
      matching += column.markValuesContaining(term, m);
      return m;
    });
    if (matching < limit * 8) return undefined;
    const out: number[] = [];
    const rowCount = this.columns[0].valueOfRow.length;
    for (let row = 0; row < rowCount && out.length < limit; row++) {
      for (let c = 0; c < this.columns.length; c++) {
        if (marks[c][this.columns[c].valueOfRow[row]] === 1) {
          out.push(row);
          break;
        }
      }
    }
    return Uint32Array.from(out);
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
