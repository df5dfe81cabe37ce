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

  /** Row `row`'s line when it is kept as one (undefined past the end, or for a row kept as values). */
  line(row: number): string | undefined {
    const entry = this.entries[row];
    return typeof entry === 'string' ? entry : undefined;
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

/** How far ahead of its place a line read again is looked for among the previous version's. */
const REUSE_WINDOW = 16;

/**
 * Gives a reload the lines of the version in service that it reads again unchanged, so that the two versions
 * share one string for each: a reload holds both until the swap, and a million lines are about 150 MiB
 * (docs/benchmarks.md, finding 32). Each line read is looked for among the previous version's, in order, from
 * the place after the last one found and up to {@link REUSE_WINDOW} places on: rows changed, added or removed
 * (up to that many in a row) cost only themselves. Past a longer run of removed rows the lines are read as new.
 */
export class LineReuse {
  private at = 0;
  /** For each row read so far, the previous version's row of the same line, or -1 (grown as rows come). */
  private from = new Int32Array(1024);
  private count = 0;
  /** The lines given back from the previous version. */
  reused = 0;

  constructor(private readonly previous: CsvRows | undefined) {}

  /**
   * `line`, the text of row `row` of the file read, or the previous version's identical string when it is found
   * near the place reached; rows are given in order (a row kept as values: {@link skip}).
   */
  take(line: string, row: number): string {
    const previous = this.previous;
    if (previous === undefined) return line;
    const end = Math.min(this.at + REUSE_WINDOW, previous.length);
    for (let before = this.at; before < end; before++) {
      const kept = previous.line(before);
      if (kept === line) {
        this.at = before + 1;
        this.reused++;
        this.record(row, before);
        return kept;
      }
    }
    this.record(row, -1);
    return line;
  }

  /** Row `row` was read as values (quoted text): nothing of it is shared. */
  skip(row: number): void {
    if (this.previous !== undefined) this.record(row, -1);
  }

  /**
   * For each row read, the previous version's row holding the same line, or -1; undefined without a previous
   * version. What was prepared for that row from that line can be kept too (`PreparedEntries.build`).
   */
  previousRows(): Int32Array | undefined {
    return this.previous === undefined ? undefined : this.from.subarray(0, this.count);
  }

  private record(row: number, before: number): void {
    if (row >= this.from.length) {
      const grown = new Int32Array(Math.max(this.from.length * 2, row + 1));
      grown.set(this.from);
      this.from = grown;
    }
    this.from[row] = before;
    this.count = row + 1;
  }
}
