import { parseCsvText } from '@dird/core';

/** One row of an answer: header name to value. */
export type CsvRecord = Record<string, string>;

/**
 * The rows of a CSV answer as records, in the answer's order: the first line is the header, empty lines are
 * skipped, quotes are read as Python's csv reads them. As xivo-dird's DictReader: a short row lacks the keys
 * of its missing values, extra values are dropped, and a header naming a column twice keeps the last one.
 */
export function csvRecords(text: string, delimiter: string): CsvRecord[] {
  const [header, ...rows] = parseCsvText(text, delimiter);
  if (!header) return [];
  // fromEntries defines own properties: a column named `__proto__` is a field like any other.
  return rows.map((row) => Object.fromEntries(header.slice(0, row.length).map((name, i) => [name, row[i]])));
}
