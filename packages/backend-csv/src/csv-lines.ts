import { createReadStream } from 'node:fs';
import { parse as parseSync } from 'csv-parse/sync';

/**
 * Reads the records of a UTF-8 CSV file (BOM, CRLF, quotes), calling `onRecord` for each, in file order, with
 * the line it was split from when it held no quote (`line.split(separator)` is then the record), else `null`.
 *
 * Most directory files have no quote at all, and a record without a quote character is exactly its line split
 * on the separator; such lines are split directly, which is several times faster than a character-by-character
 * parser on a million rows. Every record holding a quote (possibly spanning several lines) goes to
 * csv-parse, so quoting, escaped quotes and separators or newlines inside quotes behave as csv-parse says.
 * Empty lines are skipped, as csv-parse's `skip_empty_lines` does.
 */
export async function readCsvRecords(
  file: string,
  separator: string,
  onRecord: (record: string[], line: string | null) => void,
  signal?: AbortSignal,
): Promise<void> {
  let quoted = '';
  let lineNo = 0;
  let first = true;
  const handleLine = (raw: string) => {
    lineNo++;
    let line = raw;
    if (first) {
      first = false;
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    }
    if (quoted || line.includes('"')) {
      quoted = quoted ? `${quoted}\n${line}` : line;
      if (countQuotes(quoted) % 2 === 0) {
        for (const record of parseQuoted(quoted, separator, lineNo)) onRecord(record, null);
        quoted = '';
      }
      return;
    }
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line !== '') onRecord(line.split(separator), line);
  };
  // Lines are cut on the newline byte (never inside a UTF-8 sequence) and decoded one by one, so a row's
  // strings keep only that row's text alive, not the whole read chunk.
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, signal })) {
    const buf = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, start)) {
      handleLine(buf.toString('utf8', start, nl));
      start = nl + 1;
    }
    rest = start < buf.length ? buf.subarray(start) : undefined;
  }
  if (rest) handleLine(rest.toString('utf8'));
  if (quoted) for (const record of parseQuoted(quoted, separator, lineNo)) onRecord(record, null);
}

function countQuotes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return n;
}

function parseQuoted(text: string, separator: string, lastLine: number): string[][] {
  try {
    return parseSync(text, { delimiter: separator, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (err) {
    throw new Error(`line ${lastLine}: ${(err as Error).message}`, { cause: err });
  }
}
