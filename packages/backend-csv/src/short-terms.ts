import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ColumnIndex } from './column-index.js';

/**
 * How many first rows are prepared for each one- or two-character term: two pages of the lookup's default
 * `max_results` (1000), plus the one row that tells the page was cut.
 */
export const SHORT_ROWS_PREPARED = 2001;
/** Rows walked between two yields to the event loop while preparing. */
const ROWS_PER_SLICE = 50_000;

/**
 * The first rows, in file order, of every one- and two-character term of a file's searched columns, prepared
 * when the file is loaded. A phone sends such a term each time someone starts typing; on a large file it
 * matches most rows, and finding its first page by checking every distinct value costs milliseconds
 * (docs/benchmarks.md, finding 20). Every term that can match is prepared, whether asked or not, so nothing
 * here depends on what was asked before; a reload prepares them again with the new index.
 */
export class ShortTerms {
  private constructor(
    private readonly lists: ReadonlyMap<string, { readonly rows: Uint32Array; readonly complete: boolean }>,
  ) {}

  /**
   * Walks the rows once in file order: each row is added to the lists of the short terms its searched values
   * hold, until a list has {@link SHORT_ROWS_PREPARED} rows.
   */
  static async build(columns: readonly ColumnIndex[], rowCount: number): Promise<ShortTerms> {
    const ids = new Map<string, number>();
    const terms: string[] = [];
    // For each column, each distinct value's short terms, as term ids: valueTerms[c][starts[c][v] .. starts[c][v+1]].
    const valueTerms = columns.map((column) => {
      const starts = new Uint32Array(column.valueCount + 1);
      // A typed array grown by doubling: a million-row file's values hold millions of short terms, which a
      // plain array would keep as twice the memory (docs/benchmarks.md, finding 20).
      let list = new Uint32Array(Math.max(16, column.valueCount * 4));
      let size = 0;
      const seen = new Set<number>();
      for (let v = 0; v < column.valueCount; v++) {
        const text = column.valueText(v);
        seen.clear();
        for (let i = 0; i < text.length; i++) {
          for (let n = 1; n <= 2 && i + n <= text.length; n++) {
            const term = text.slice(i, i + n);
            let id = ids.get(term);
            if (id === undefined) {
              id = terms.length;
              ids.set(term, id);
              terms.push(term);
            }
            if (!seen.has(id)) {
              seen.add(id);
              if (size === list.length) {
                const grown = new Uint32Array(list.length * 2);
                grown.set(list);
                list = grown;
              }
              list[size++] = id;
            }
          }
        }
        starts[v + 1] = size;
      }
      return { starts, terms: list.subarray(0, size) };
    });
    const rows = terms.map((): number[] => []);
    let open = terms.length;
    for (let row = 0; row < rowCount && open > 0; row++) {
      if (row % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
      for (let c = 0; c < columns.length; c++) {
        const v = columns[c].valueOfRow[row];
        const { starts, terms: of } = valueTerms[c];
        for (let k = starts[v]; k < starts[v + 1]; k++) {
          const list = rows[of[k]];
          const n = list.length;
          // A row holding the term in two columns is listed once.
          if (n === SHORT_ROWS_PREPARED || (n > 0 && list[n - 1] === row)) continue;
          list.push(row);
          if (n + 1 === SHORT_ROWS_PREPARED) open--;
        }
      }
    }
    const lists = new Map<string, { rows: Uint32Array; complete: boolean }>();
    terms.forEach((term, t) => {
      const list = rows[t];
      lists.set(term, { rows: Uint32Array.from(list), complete: list.length < SHORT_ROWS_PREPARED });
    });
    return new ShortTerms(lists);
  }

  /**
   * The first `limit` rows holding `term` (one or two folded characters), ascending; undefined when more rows
   * are asked for than were prepared and the term has more (the caller then finds them the long way).
   */
  rows(term: string, limit: number): Uint32Array | undefined {
    const list = this.lists.get(term);
    if (list === undefined) return new Uint32Array(0);
    if (list.rows.length >= limit) return list.rows.subarray(0, limit);
    return list.complete ? list.rows : undefined;
  }
}
