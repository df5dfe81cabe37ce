import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { csvTextRecords } from '@dird/core';

/** One row of an answer: header name to value. */
export type CsvRecord = Record<string, string>;

/** The value of a row in a column named by the header, or undefined when the row is shorter. */
export type ColumnValue = (column: string) => string | undefined;

/** What {@link readAnswer} keeps of an answer. */
export interface ReadOptions {
  /** Keeps only the rows it accepts (all without it). */
  readonly keep?: (value: ColumnValue) => boolean;
  /** Stops reading once this many rows are kept. */
  readonly max?: number;
  /** Stops reading (and rejects with its reason) when it aborts. */
  readonly signal?: AbortSignal;
}

/**
 * Rows are read in slices of this many, with a pause between slices: a long answer (the whole directory from
 * `list_url`) then never holds the event loop for more than a few milliseconds (docs/backends/csv_ws.md).
 */
export const ROWS_PER_SLICE = 2000;

/**
 * The rows of a CSV answer kept by `options`, as records, in the answer's order: the first line is the header,
 * empty lines are skipped, quotes are read as Python's csv reads them. As xivo-dird's DictReader: a short row
 * lacks the keys of its missing values, extra values are dropped, and a header naming a column twice keeps the
 * last one. Only kept rows are made into records, and reading stops at `max` of them.
 */
export async function readAnswer(text: string, delimiter: string, options: ReadOptions = {}): Promise<CsvRecord[]> {
  const { keep, max = Infinity, signal } = options;
  const kept: CsvRecord[] = [];
  if (max <= 0) return kept;
  const records = csvTextRecords(text, delimiter);
  const header = records.next().value;
  if (!header) return kept;
  const index = new Map(header.map((name, i) => [name, i]));
  let row: string[] = [];
  const value: ColumnValue = (column) => {
    const i = index.get(column);
    return i === undefined ? undefined : row[i];
  };
  let read = 0;
  for (row of records) {
    if (keep === undefined || keep(value)) {
      // fromEntries defines own properties: a column named `__proto__` is a field like any other.
      kept.push(Object.fromEntries(header.slice(0, row.length).map((name, i) => [name, row[i]])));
      if (kept.length >= max) break;
    }
    if (++read % ROWS_PER_SLICE === 0) {
      await yieldToEventLoop();
      signal?.throwIfAborted();
    }
  }
  return kept;
}
