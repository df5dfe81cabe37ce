import { CsvRows } from './csv-rows.js';
import type { CsvTable } from './csv-table.js';
import { NumberIndex } from './number-index.js';
import { SubstringIndex } from './substring-index.js';

/** One loaded version of a CSV file with its indexes; replaced whole on reload, never mutated. */
export class CsvSnapshot {
  private listIndex: Map<string, number[]> | undefined;

  private constructor(
    readonly table: CsvTable,
    private readonly index: SubstringIndex | null,
    private readonly firstIndex: NumberIndex,
    private readonly uniqueColumn: number,
    private readonly searchable: boolean,
  ) {}

  /** A snapshot with no rows (a file that could not be read yet). */
  static empty(): CsvSnapshot {
    return new CsvSnapshot(
      { header: [], rows: CsvRows.of([]), searched: [], missingColumns: [] },
      null,
      new NumberIndex(0),
      -1,
      false,
    );
  }

  /**
   * Indexes a parsed table: the substring index, and the exact-match index of `firstMatchedColumns`. A column
   * named twice in the header is its last one, whose value a row's record (RowLayout) keeps (as xivo-dird's DictReader).
   */
  static async build(
    table: CsvTable,
    options: { searchedColumns: readonly string[]; firstMatchedColumns: readonly string[]; uniqueColumn?: string },
  ): Promise<CsvSnapshot> {
    const searchable = table.searched.length > 0;
    const index = searchable ? await SubstringIndex.build(table.searched) : null;
    return new CsvSnapshot(
      table,
      index,
      exactIndex(table, options.firstMatchedColumns),
      options.uniqueColumn ? table.header.lastIndexOf(options.uniqueColumn) : -1,
      searchable,
    );
  }

  get size(): number {
    return this.table.rows.length;
  }

  /**
   * Rows whose searched columns hold the folded `term` (one column at a time), in file order, at most `limit`.
   * The index's own list, not a copy: never change it.
   */
  match(term: string, limit = Infinity): ArrayLike<number> {
    if (!this.searchable || !this.index) return [];
    if (term === '') {
      const out: number[] = [];
      for (let row = 0; row < this.table.rows.length && out.length < limit; row++) out.push(row);
      return out;
    }
    return this.index.rows(term, limit);
  }

  /**
   * The first row, in file order, whose first-matched column holds one of `values`, formatting ignored on both
   * sides (`01.23.45.67.89` is `0123456789`); values without digits compare as they are.
   */
  firstMatch(values: readonly string[]): number | undefined {
    let best: number | undefined;
    for (const v of values) {
      const row = this.firstIndex.get(v);
      if (row !== undefined && (best === undefined || row < best)) best = row;
    }
    return best;
  }

  /** Rows whose unique column is one of `ids`, in file order. */
  list(ids: readonly string[]): number[] {
    if (this.uniqueColumn < 0) return [];
    this.listIndex ??= groupRows(this.table, this.uniqueColumn);
    const rows = ids.flatMap((id) => this.listIndex!.get(id) ?? []);
    return [...new Set(rows)].sort((a, b) => a - b);
  }

  /** The values of row `row` (short rows stay short). */
  values(row: number): readonly string[] {
    return this.table.rows.get(row);
  }

  /** True when no value of row `row` has a character JSON escapes (answers then quote them as they are). */
  plain(row: number): boolean {
    return this.table.rows.plain(row);
  }

  /** The value of column `column` in row `row` (undefined when the row is shorter), without splitting the row. */
  field(row: number, column: number): string | undefined {
    return this.table.rows.field(row, column);
  }
}

/**
 * Number (or value) -> first row holding it in a first-matched column: reverse lookups are one probe. A column
 * named twice in the header is its last one, whose value a row's record (RowLayout) keeps.
 */
function exactIndex(table: CsvTable, columns: readonly string[]): NumberIndex {
  const idx = columns.map((c) => table.header.lastIndexOf(c)).filter((i) => i >= 0);
  const index = new NumberIndex(idx.length === 0 ? 0 : table.rows.length * idx.length);
  const { rows } = table;
  for (let row = 0; row < rows.length; row++) {
    for (const i of idx) {
      const v = rows.field(row, i);
      if (v) index.add(v, row);
    }
  }
  return index;
}

function groupRows(table: CsvTable, column: number): Map<string, number[]> {
  const map = new Map<string, number[]>();
  for (let row = 0; row < table.rows.length; row++) {
    const id = table.rows.field(row, column);
    if (id === undefined) continue;
    const list = map.get(id);
    if (list) list.push(row);
    else map.set(id, [row]);
  }
  return map;
}
