import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { COLUMN_JOINER } from './substring-index.js';
import { ValueInterner } from './value-interner.js';

/** A parsed CSV file: the header, the rows (short rows stay short), and each row's folded searchable text. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Folded values of the searched columns, joined by {@link COLUMN_JOINER}; one per row. */
  readonly texts: readonly string[];
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
 * Streams a UTF-8 CSV file (BOM, quotes, CRLF) into a {@link CsvTable}. Parsing works chunk by chunk, so a
 * large file never blocks the event loop for long.
 */
export async function readCsvTable(file: string, options: ReadOptions): Promise<CsvTable> {
  const parser = parse({ bom: true, delimiter: options.separator, relax_column_count: true, skip_empty_lines: true });
  let header: string[] | null = null;
  let searched: number[] = [];
  const rows: string[][] = [];
  const texts: string[] = [];
  const interner = new ValueInterner();
  parser.on('data', (record: string[]) => {
    if (!header) {
      header = record;
      searched = options.searchedColumns.map((c) => record.indexOf(c)).filter((i) => i >= 0);
      return;
    }
    interner.intern(record);
    rows.push(record);
    texts.push(searchText(record, searched, interner));
  });
  await pipeline(createReadStream(file), parser, { signal: options.signal });
  const finalHeader: string[] = header ?? [];
  return {
    header: finalHeader,
    rows,
    texts,
    missingColumns: options.searchedColumns.filter((c) => !finalHeader.includes(c)),
  };
}

function searchText(record: readonly string[], searched: readonly number[], interner: ValueInterner): string {
  if (searched.length === 1) return interner.fold(record[searched[0]] ?? '');
  let text = '';
  for (let i = 0; i < searched.length; i++) {
    if (i > 0) text += COLUMN_JOINER;
    text += interner.fold(record[searched[i]] ?? '');
  }
  return text;
}
