import { createReadStream } from 'node:fs';
import { parse as parseSync } from 'csv-parse/sync';

/**
 * Reads the records of a UTF-8 CSV file (BOM, CRLF, quotes), calling `onRecord` for each, in file order, with
 * the line it was split from when it held no quote (`line.split(separator)` is then the record), else `null`.
 *
 * Most directory files have no quote at all, and a record without a quote character is exactly its line split
 * on the separator; such lines are split directly, which is several times faster than a character-by-character
 * parser on a million rows. Every record holding a quote (possibly spanning several lines) goes to
 * csv-parse, so quoting, escaped quotes and separators or newlines inside quotes behave as csv-parse says; a
 * quote inside an unquoted field (`O"Brien`) is kept as a character, as Python's csv module reads it.
 * Empty lines are skipped, as csv-parse's `skip_empty_lines` does.
 */
export async function readCsvRecords(
  file: string,
  separator: string,
  onRecord: (record: string[], line: string | null) => void,
  signal?: AbortSignal,
): Promise<void> {
  let quoted = '';
  let quotedFrom = 0;
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
      if (!quoted) quotedFrom = lineNo;
      quoted = quoted ? `${quoted}\n${line}` : line;
      if (!insideQuotes(quoted, separator)) {
        for (const record of parseQuoted(quoted, separator, quotedFrom)) onRecord(record, null);
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
  if (quoted) for (const record of parseQuoted(quoted, separator, quotedFrom)) onRecord(record, null);
}

/**
 * True when `text` ends inside a quoted field, so the record goes on on the next line. A quote opens a quoted
 * field only at the start of a field; anywhere else (`O"Brien`, `5" screen`) it is a plain character, as for
 * Python's csv module (xivo-dird) and csv-parse's `relax_quotes`.
 */
function insideQuotes(text: string, separator: string): boolean {
  let inside = false;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inside) {
      if (c !== '"') continue;
      if (text[i + 1] === '"') i++;
      else inside = false;
    } else if (c === '"' && fieldStart) {
      inside = true;
      fieldStart = false;
    } else if (c === '\n' || text.startsWith(separator, i)) {
      fieldStart = true;
      i += c === '\n' ? 0 : separator.length - 1;
    } else {
      fieldStart = false;
    }
  }
  return inside;
}

/** The records of `text` (one record, or several lines of one), by csv-parse; errors name the first line. */
function parseQuoted(text: string, separator: string, firstLine: number): string[][] {
  try {
    return parseSync(text, {
      delimiter: separator,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (err) {
    throw new Error(`line ${firstLine}: ${(err as Error).message}`, { cause: err });
  }
}
