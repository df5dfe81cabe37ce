import { normalizeNumber } from '@dird/core';
import type { CsvTable } from './csv-table.js';
import { SubstringIndex } from './substring-index.js';

/** One loaded version of a CSV file with its indexes; replaced whole on reload, never mutated. */
export class CsvSnapshot {
  private listIndex: Map<string, number[]> | undefined;

  private constructor(
    readonly table: CsvTable,
    private readonly index: SubstringIndex | null,
    private readonly firstIndex: ReadonlyMap<string, number>,
    private readonly uniqueColumn: number,
    private readonly searchable: boolean,
  ) {}

  /** A snapshot with no rows (a file that could not be read yet). */
  static empty(): CsvSnapshot {
    return new CsvSnapshot({ header: [], rows: [], texts: [], missingColumns: [] }, null, new Map(), -1, false);
  }

  /** Indexes a parsed table: the substring index, and the exact-match index of `firstMatchedColumns`. */
  static async build(
    table: CsvTable,
    options: { searchedColumns: readonly string[]; firstMatchedColumns: readonly string[]; uniqueColumn?: string },
  ): Promise<CsvSnapshot> {
    const searchable = options.searchedColumns.some((c) => table.header.includes(c));
    const index = searchable ? await SubstringIndex.build(table.texts) : null;
    return new CsvSnapshot(
      table,
      index,
      exactIndex(table, options.firstMatchedColumns),
      options.uniqueColumn ? table.header.indexOf(options.uniqueColumn) : -1,
      searchable,
    );
  }

  get size(): number {
    return this.table.rows.length;
  }

  /** Rows whose searchable text contains the folded `term`, in file order, at most `limit`. */
  match(term: string, limit = Infinity): number[] {
    if (!this.searchable) return [];
    const { texts } = this.table;
    const out: number[] = [];
    if (term === '') {
      for (let row = 0; row < texts.length && out.length < limit; row++) out.push(row);
      return out;
    }
    const rows = this.index?.rows(term);
    if (rows) {
      for (let i = 0; i < rows.length && out.length < limit; i++) out.push(rows[i]);
    } else {
      for (let row = 0; row < texts.length && out.length < limit; row++) if (texts[row].includes(term)) out.push(row);
    }
    return out;
  }

  /**
   * The first row, in file order, whose first-matched column holds one of `values`, formatting ignored on both
   * sides (`01.23.45.67.89` is `0123456789`); values without digits compare as they are.
   */
  firstMatch(values: readonly string[]): number | undefined {
    let best: number | undefined;
    for (const v of values) {
      const row = this.firstIndex.get(numberKey(v));
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

  /** Row `row` as a field mapping: short rows lack the missing keys, extra values are dropped. */
  record(row: number): Record<string, string> {
    const { header } = this.table;
    const values = this.table.rows[row];
    const fields: Record<string, string> = {};
    const n = Math.min(header.length, values.length);
    for (let i = 0; i < n; i++) fields[header[i]] = values[i];
    return fields;
  }
}

/** The index key of a stored number or a searched one: its normalised form, or the text itself when it has no digit. */
function numberKey(value: string): string {
  return normalizeNumber(value) || value;
}

/** Number (or value) -> first row holding it in a first-matched column: reverse lookups are one map access. */
function exactIndex(table: CsvTable, columns: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  const idx = columns.map((c) => table.header.indexOf(c)).filter((i) => i >= 0);
  if (idx.length === 0) return map;
  table.rows.forEach((values, row) => {
    for (const i of idx) {
      const v = values[i];
      if (!v) continue;
      const key = numberKey(v);
      if (!map.has(key)) map.set(key, row);
    }
  });
  return map;
}

function groupRows(table: CsvTable, column: number): Map<string, number[]> {
  const map = new Map<string, number[]>();
  table.rows.forEach((values, row) => {
    const id = values[column];
    if (id === undefined) return;
    const list = map.get(id);
    if (list) list.push(row);
    else map.set(id, [row]);
  });
  return map;
}
