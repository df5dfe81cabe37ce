import { needsJsonEscape } from '@dird/core';

/**
 * The rows of a loaded CSV file. A row read from a line without quotes is kept as that one line and split
 * when asked for: a million-row file then holds a million strings instead of ten million field strings,
 * which halves its memory and most of the garbage-collector work of loading it (docs/benchmarks.md,
 * finding 13). A row parsed from quoted text is kept as its values.
 */
export class CsvRows {
  private readonly entries: (string | readonly string[])[] = [];

  constructor(
    /** The separator the kept lines are split on. */
    private readonly separator: string,
  ) {}

  /** Rows given as values (tests, or data that did not come from a file). */
  static of(records: readonly (readonly string[])[], separator = ','): CsvRows {
    const rows = new CsvRows(separator);
    for (const record of records) rows.push(record);
    return rows;
  }

  /** Adds a row: its line when `line.split(separator)` gives its values, else the values. */
  push(row: string | readonly string[]): void {
    this.entries.push(row);
  }

  get length(): number {
    return this.entries.length;
  }

  /** The values of row `row` (short rows stay short). */
  get(row: number): readonly string[] {
    const entry = this.entries[row];
    return typeof entry === 'string' ? entry.split(this.separator) : entry;
  }

  /** True when no value of row `row` has a character JSON escapes (its line has none; a row kept as values: false). */
  plain(row: number): boolean {
    const entry = this.entries[row];
    return typeof entry === 'string' && !needsJsonEscape(entry);
  }

  /** The value of column `column` in row `row`, or undefined when the row is shorter; splits nothing. */
  field(row: number, column: number): string | undefined {
    const entry = this.entries[row];
    if (typeof entry !== 'string') return entry[column];
    const sep = this.separator;
    let start = 0;
    for (let i = 0; i < column; i++) {
      const at = entry.indexOf(sep, start);
      if (at < 0) return undefined;
      start = at + sep.length;
    }
    const end = entry.indexOf(sep, start);
    return end < 0 ? entry.slice(start) : entry.slice(start, end);
  }
}
