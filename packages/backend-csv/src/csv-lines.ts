import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

/** A quoted field still open after this many lines is a quote never closed. */
export const MAX_QUOTED_LINES = 1000;
/** A quoted field longer than this many characters is a quote never closed. */
export const MAX_QUOTED_CHARS = 1 << 20;
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
 * once, and a quoted field may span at most {@link MAX_QUOTED_LINES} lines or {@link MAX_QUOTED_CHARS}
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

/**
 * What Windows-1252 puts at bytes 0x80 to 0x9f (`€`, `Œ`, `’`...); the rest is Latin-1. (Node 20's
 * `TextDecoder('windows-1252')` decodes these bytes as Latin-1 control characters, so it is not used.) The five
 * bytes Windows-1252 leaves unassigned stay the control characters of the same code, as WHATWG decodes them.
 */
const WINDOWS_1252_80_9F =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\x80-\x9f]/g;

/** Decodes bytes as Windows-1252. */
export function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(C1, (c) => WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80]);
}

const START_FIELD = 0;
const IN_FIELD = 1;
const IN_QUOTED = 2;
const AFTER_QUOTE = 3;

/**
 * Reads records holding quotes, one physical line at a time, as Python's csv module (xivo-dird) does with its
 * default dialect: a quote opens a quoted field only at the start of a field, and anywhere else (`O"Brien`,
 * `5" screen`) it is a plain character; `""` inside a quoted field is one quote; text after the closing quote
 * is kept without the quotes (`"b"c` is `bc`, `"Al" ` is `Al `); line ends inside a quoted field are kept.
 * Only the new line is scanned, whatever the record read so far.
 */
export class QuotedRecordParser {
  private fields: string[] = [];
  private field = '';
  private state = START_FIELD;
  /** The line where the quoted field still open was opened. */
  private openedOn = 0;

  constructor(private readonly separator: string) {}

  /** True when a quoted field goes on over the next line. */
  get open(): boolean {
    return this.state === IN_QUOTED;
  }

  /**
   * Reads line `lineNo` (`terminator` is the line end it had) and gives the record it ends, or null when a
   * quoted field goes on. Throws when the field has gone on for too long: its quote is never closed.
   */
  feed(line: string, terminator: string, lineNo: number): string[] | null {
    const sep = this.separator;
    let { state, field } = this;
    let i = 0;
    while (i < line.length) {
      if (state === START_FIELD) {
        if (line.charCodeAt(i) === 0x22) {
          state = IN_QUOTED;
          this.openedOn = lineNo;
          i++;
        } else {
          state = IN_FIELD;
        }
      } else if (state === IN_FIELD) {
        const at = line.indexOf(sep, i);
        if (at < 0) {
          field += line.slice(i);
          i = line.length;
        } else {
          this.fields.push(field + line.slice(i, at));
          field = '';
          i = at + sep.length;
          state = START_FIELD;
        }
      } else if (state === IN_QUOTED) {
        const at = line.indexOf('"', i);
        if (at < 0) {
          field += line.slice(i);
          i = line.length;
        } else {
          field += line.slice(i, at);
          i = at + 1;
          state = AFTER_QUOTE;
        }
      } else if (line.charCodeAt(i) === 0x22) {
        field += '"';
        i++;
        state = IN_QUOTED;
      } else if (line.startsWith(sep, i)) {
        this.fields.push(field);
        field = '';
        i += sep.length;
        state = START_FIELD;
      } else {
        state = IN_FIELD; // text after the closing quote: kept, as Python's csv (not strict) keeps it
      }
    }
    if (state === IN_QUOTED) {
      field += terminator;
      if (lineNo - this.openedOn >= MAX_QUOTED_LINES) this.unclosed(`goes on for more than ${MAX_QUOTED_LINES} lines`);
      if (field.length > MAX_QUOTED_CHARS) this.unclosed(`goes on for more than ${MAX_QUOTED_CHARS >> 20} MiB`);
      this.state = state;
      this.field = field;
      return null;
    }
    const record = this.fields;
    record.push(field);
    this.fields = [];
    this.field = '';
    this.state = START_FIELD;
    return record;
  }

  /** Checks that the file did not end inside a quoted field. */
  end(): void {
    if (this.open) this.unclosed('goes on to the end of the file');
  }

  private unclosed(how: string): never {
    throw new Error(`line ${this.openedOn}: quote not closed: the quoted field opened on this line ${how}`);
  }
}
