/**
 * CSV records as Python's csv module (xivo-dird) reads them, for the backends that read CSV: the csv backend
 * (files, streamed) and the csv_ws backend (the answer of a web service, as one text).
 */

/** A quoted field still open after this many lines is a quote never closed. */
export const MAX_QUOTED_LINES = 1000;
/** A quoted field longer than this many characters is a quote never closed. */
export const MAX_QUOTED_CHARS = 1 << 20;

/**
 * The records of a CSV text, in order, one at a time (the caller may stop early, or pause between records to let
 * other work run): lines end at LF, CRLF or a lone CR, empty lines are skipped, a leading BOM is dropped, and
 * quotes are read by a {@link QuotedRecordParser} (a quoted field may hold line ends). A quote never closed
 * throws, naming the line where it opened.
 */
export function* csvTextRecords(text: string, separator: string): Generator<string[], void, undefined> {
  const quoted = new QuotedRecordParser(separator);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const ends = /\r\n|\n|\r/g;
  let start = 0;
  let lineNo = 0;
  for (;;) {
    const end = ends.exec(body);
    const line = body.slice(start, end ? end.index : body.length);
    lineNo++;
    if (quoted.open || line.includes('"')) {
      const record = quoted.feed(line, end ? end[0] : '', lineNo);
      if (record) yield record;
    } else if (line !== '') {
      yield line.split(separator);
    }
    if (!end) break;
    start = ends.lastIndex;
  }
  quoted.end();
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
