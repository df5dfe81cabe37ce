import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { decodeWindows1252, QuotedRecordParser } from '@dird/core';

/** A line longer than this many bytes is an error: no directory has one, and splitting it would take long. */
export const MAX_LINE_BYTES = 1 << 20;

/** What {@link readCsvRecords} noticed about the file besides its records. */
export interface CsvReadInfo {
  /** The first line that was not valid UTF-8 and was read as Windows-1252, if any. */
  readonly nonUtf8Line?: number;
}

const LF = 10;
const CR = 13;

/**
 * Reads the records of a CSV file (BOM, CRLF, quotes), calling `onRecord` for each, in file order, with the
 * line it was split from when it held no quote (`line.split(separator)` is then the record), else `null`.
 *
 * Most directory files have no quote at all, and a record without a quote character is exactly its line split
 * on the separator; such lines are split directly, which is several times faster than a character-by-character
 * parser on a million rows. Lines holding a quote, and the lines a quoted field goes on over, go to a
 * {@link QuotedRecordParser}, which reads them as Python's csv module (xivo-dird) does. Each line is scanned
 * once, and a quoted field may span at most `MAX_QUOTED_LINES` lines or `MAX_QUOTED_CHARS`
 * characters, so a quote never closed costs no more than the lines it is given before the error.
 *
 * Lines end at LF, CRLF or a lone CR (old Mac files). Empty lines are skipped. The file should be UTF-8; a line
 * that is not valid UTF-8 (an Excel export in Windows-1252 or Latin-1) is read as Windows-1252, and the first
 * such line is returned in {@link CsvReadInfo.nonUtf8Line} for a warning.
 */
export async function readCsvRecords(
  file: string,
  separator: string,
  onRecord: (record: string[], line: string | null) => void,
  signal?: AbortSignal,
): Promise<CsvReadInfo> {
  const quoted = new QuotedRecordParser(separator);
  let lineNo = 0;
  let nonUtf8Line: number | undefined;
  const handleLine = (line: string, terminator: string) => {
    lineNo++;
    if (quoted.open || line.includes('"')) {
      const record = quoted.feed(line, terminator, lineNo);
      if (record) onRecord(record, null);
    } else if (line !== '') {
      onRecord(line.split(separator), line);
    }
  };
  // Lines are cut on the LF or CR byte (never inside a UTF-8 sequence) and decoded one by one, so a row's
  // strings keep only that row's text alive, not the whole read chunk. A chunk that is valid UTF-8 (nearly
  // always) decodes its lines without any further check.
  let valid = true;
  const decode = (buf: Buffer, start: number, end: number): string => {
    if (valid) return buf.toString('utf8', start, end);
    const bytes = buf.subarray(start, end);
    if (isUtf8(bytes)) return bytes.toString('utf8');
    nonUtf8Line ??= lineNo + 1;
    return decodeWindows1252(bytes);
  };
  // The start of a line that no chunk read so far ends, kept as pieces: a line spanning many chunks is joined
  // once, when its end comes, never re-copied at each chunk.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let first = true;
  for await (const read of createReadStream(file, { highWaterMark: 1 << 20, signal })) {
    let chunk = read as Buffer;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    const endsInCr = pendingBytes > 0 && pending[pending.length - 1].at(-1) === CR;
    if (!endsInCr && chunk.indexOf(LF) < 0 && chunk.indexOf(CR) < 0) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > MAX_LINE_BYTES) throw lineTooLong(lineNo + 1);
      continue;
    }
    const buf = pendingBytes > 0 ? Buffer.concat([...pending, chunk]) : chunk;
    valid = isUtf8(buf);
    let start = 0;
    // The next CR and LF at or after `start`, or -1 when the rest of the chunk has none: each is searched for
    // again only once passed, so a chunk without CR (or without LF) is searched for it once, not once a line.
    let cr = buf.indexOf(CR);
    let lf = buf.indexOf(LF);
    for (;;) {
      if (cr >= 0 && cr < start) cr = buf.indexOf(CR, start);
      if (lf >= 0 && lf < start) lf = buf.indexOf(LF, start);
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        if (cr + 1 === lf) {
          handleLine(decode(buf, start, cr), '\r\n');
          start = lf + 1;
        } else if (cr + 1 === buf.length) {
          break; // a CR ending the chunk: the next chunk tells whether an LF follows it
        } else {
          handleLine(decode(buf, start, cr), '\r');
          start = cr + 1;
        }
      } else if (lf >= 0) {
        handleLine(decode(buf, start, lf), '\n');
        start = lf + 1;
      } else {
        break;
      }
    }
    pending = start < buf.length ? [buf.subarray(start)] : [];
    pendingBytes = buf.length - start;
    if (pendingBytes > MAX_LINE_BYTES) throw lineTooLong(lineNo + 1);
  }
  if (pendingBytes > 0) {
    const buf = Buffer.concat(pending);
    valid = isUtf8(buf);
    const cr = buf.at(-1) === CR;
    handleLine(decode(buf, 0, cr ? buf.length - 1 : buf.length), cr ? '\r' : '');
  }
  quoted.end();
  return nonUtf8Line === undefined ? {} : { nonUtf8Line };
}

function lineTooLong(line: number): Error {
  return new Error(`line ${line}: longer than ${MAX_LINE_BYTES >> 20} MiB without a line end: is this a CSV file?`);
}
