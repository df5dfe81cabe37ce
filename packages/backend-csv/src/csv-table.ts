import { readCsvRecords } from './csv-lines.js';
import { CsvRows, LineReuse } from './csv-rows.js';
import { SearchedColumnBuilder, type SearchedColumn } from './searched-column.js';

/** A parsed CSV file: the header, the rows (short rows stay short), and its searched columns, folded. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: CsvRows;
  /** The searched columns the header has, in config order. */
  readonly searched: readonly SearchedColumn[];
  /** Searched columns the header does not have. */
  readonly missingColumns: readonly string[];
  /** The first line that was not UTF-8 and was read as Windows-1252, if any. */
  readonly nonUtf8Line?: number;
  /** The rows read as the previous version had them (see {@link ReadOptions.previous}). */
  readonly unchangedRows?: number;
  /** For each row, the previous version's row of the same line, or -1 (see {@link ReadOptions.previous}). */
  readonly previousRows?: Int32Array;
}

/** Options of {@link readCsvTable}. */
export interface ReadOptions {
  readonly separator: string;
  readonly searchedColumns: readonly string[];
  readonly signal?: AbortSignal;
  /** The rows of the version in service, when reloading: the lines read again unchanged are shared with it. */
  readonly previous?: CsvRows;
}

/**
 * Streams a UTF-8 CSV file (BOM, quotes, CRLF) into a {@link CsvTable}. Reading works chunk by chunk, so a
 * large file never blocks the event loop for long. When the header names a column twice, the last one is the
 * column, as for Python's csv.DictReader (xivo-dird): searching, matching and the row's fields agree on it.
 */
export async function readCsvTable(file: string, options: ReadOptions): Promise<CsvTable> {
  let header: string[] | null = null;
  let searched: SearchedColumnBuilder[] = [];
  const rows = new CsvRows(options.separator);
  const reuse = new LineReuse(options.previous);
  const info = await readCsvRecords(
    file,
    options.separator,
    (record, line) => {
      if (!header) {
        header = record;
        searched = options.searchedColumns
          .map((c) => record.lastIndexOf(c))
          .filter((i) => i >= 0)
          .map((i) => new SearchedColumnBuilder(i));
        return;
      }
      const row = rows.length;
      if (line === null) {
        rows.push(record);
        reuse.skip(row);
      } else rows.push(reuse.take(line, row));
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
    ...(options.previous ? { unchangedRows: reuse.reused, previousRows: reuse.previousRows() } : {}),
    ...info,
  };
}
