import { readCsvRecords } from './csv-lines.js';
import { SearchedColumnBuilder, type SearchedColumn } from './searched-column.js';
import { ValueInterner } from './value-interner.js';

/** A parsed CSV file: the header, the rows (short rows stay short), and its searched columns, folded. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The searched columns the header has, in config order. */
  readonly searched: readonly SearchedColumn[];
  /** Searched columns the header does not have. */
  readonly missingColumns: readonly string[];
}

/** Options of {@link readCsvTable}. */
export interface ReadOptions {
  readonly separator: string;
  readonly searchedColumns: readonly string[];
  readonly signal?: AbortSignal;
}

/**
 * Streams a UTF-8 CSV file (BOM, quotes, CRLF) into a {@link CsvTable}. Reading works chunk by chunk, so a
 * large file never blocks the event loop for long.
 */
export async function readCsvTable(file: string, options: ReadOptions): Promise<CsvTable> {
  let header: string[] | null = null;
  let searched: SearchedColumnBuilder[] = [];
  const rows: string[][] = [];
  const interner = new ValueInterner();
  await readCsvRecords(
    file,
    options.separator,
    (record) => {
      if (!header) {
        header = record;
        searched = options.searchedColumns
          .map((c) => record.indexOf(c))
          .filter((i) => i >= 0)
          .map((i) => new SearchedColumnBuilder(i));
        return;
      }
      interner.intern(record);
      rows.push(record);
      for (const column of searched) column.add(record);
    },
    options.signal,
  );
  const finalHeader: string[] = header ?? [];
  return {
    header: finalHeader,
    rows,
    searched: searched.map((c) => c.build()),
    missingColumns: options.searchedColumns.filter((c) => !finalHeader.includes(c)),
  };
}
