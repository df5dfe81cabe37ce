import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Rows read between two yields to the event loop while preparing. */
const ROWS_PER_SLICE = 20_000;
/** Rows whose values are joined into one piece of text before the pieces are joined. */
const ROWS_PER_PIECE = 4_096;
/** The most text a field's values may hold in all (V8's strings stop at about 2^29 characters). */
const MAX_CHARS = 2 ** 28;
/** A row's value that is no text: `null`, or `undefined` (the row has no such field). */
const NULL = 1;
const UNDEFINED = 2;

/**
 * One field of every row, read once when the source loads its data, for the views that read results one field
 * at a time (a phone view reads a result's name and numbers through {@link SourceResult.field}): reading it
 * then takes a slice of one string instead of splitting the row (docs/benchmarks.md, finding 27). The values
 * are kept side by side in one string, with each row's start: one object for the whole column, whatever the
 * number of rows, so the garbage collector has nothing more to walk. A field no row has as text (one the file
 * does not have) keeps nothing per row.
 */
export class PreparedField {
  private readonly rows: number;
  private readonly text: string;
  /** Row `r`'s value: `text.slice(starts[r], starts[r + 1])`; none when every row's text is ''. */
  private readonly starts: Uint32Array | undefined;
  /** Rows whose value is not a string ({@link NULL}, {@link UNDEFINED}); none when every value is one. */
  private readonly kinds: Uint8Array | undefined;
  /** Every row's kind, when no row has text and all have the same kind: then there are no `kinds`. */
  private readonly every: number;

  private constructor(parts: FieldParts) {
    this.rows = parts.rows;
    this.text = parts.text;
    this.starts = parts.starts;
    this.kinds = parts.kinds;
    this.every = parts.every;
  }

  /**
   * Reads `value(row)` for each of `rows` rows. A value is a string, `null` or `undefined` (anything else is a
   * programming error, and thrown). Yields to the event loop between slices of rows; stops with the signal's
   * reason when `signal` is aborted.
   */
  static async build(
    rows: number,
    value: (row: number) => string | null | undefined,
    signal?: AbortSignal,
  ): Promise<PreparedField> {
    const [field] = await PreparedField.buildAll(rows, 1, (row, out) => (out[0] = value(row)), signal);
    return field;
  }

  /**
   * Reads `count` fields of each of `rows` rows in one pass: `values(row, out)` sets `out[k]` to the row's value
   * of field `k` (a row's values read together, from one split of its line). As {@link build} otherwise.
   */
  static async buildAll(
    rows: number,
    count: number,
    values: (row: number, out: (string | null | undefined)[]) => void,
    signal?: AbortSignal,
  ): Promise<PreparedField[]> {
    if (count === 0) return [];
    const writers = Array.from({ length: count }, () => new FieldWriter(rows));
    const out = new Array<string | null | undefined>(count);
    for (let row = 0; row < rows; row++) {
      if (row % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) {
        await yieldToEventLoop();
        signal?.throwIfAborted();
      }
      out.fill(undefined);
      values(row, out);
      for (let k = 0; k < count; k++) writers[k].write(row, out[k]);
    }
    return writers.map((writer) => new PreparedField(writer.done()));
  }

  /** The number of rows. */
  get size(): number {
    return this.rows;
  }

  /** Bytes held: the text (one or two bytes a character, as V8 keeps it) and the row starts. */
  get byteLength(): number {
    const wide = /[^\u0000-\u00ff]/.test(this.text);
    return this.text.length * (wide ? 2 : 1) + (this.starts?.byteLength ?? 0) + (this.kinds?.byteLength ?? 0);
  }

  /** Row `row`'s value, as read at load. */
  get(row: number): string | null | undefined {
    const kind = this.kinds === undefined ? this.every : this.kinds[row];
    if (kind !== 0) return kind === NULL ? null : undefined;
    return this.starts === undefined ? '' : this.text.slice(this.starts[row], this.starts[row + 1]);
  }
}

/** What a {@link PreparedField} keeps (its properties). */
interface FieldParts {
  readonly rows: number;
  readonly text: string;
  readonly starts: Uint32Array | undefined;
  readonly kinds: Uint8Array | undefined;
  readonly every: number;
}

/** Writes one field's values, row after row, into what a {@link PreparedField} keeps. */
class FieldWriter {
  private readonly starts: Uint32Array;
  private kinds: Uint8Array | undefined;
  private readonly pieces: string[] = [];
  private piece: string[] = [];
  private at = 0;

  constructor(private readonly rows: number) {
    this.starts = new Uint32Array(rows + 1);
  }

  write(row: number, v: unknown): void {
    this.starts[row] = this.at;
    if (typeof v === 'string') {
      this.piece.push(v);
      this.at += v.length;
      if (this.at > MAX_CHARS)
        throw new RangeError(`more than ${MAX_CHARS} characters of values to prepare (row ${row})`);
      if (this.piece.length === ROWS_PER_PIECE) {
        this.pieces.push(this.piece.join(''));
        this.piece = [];
      }
    } else if (v === null || v === undefined) {
      (this.kinds ??= new Uint8Array(this.rows))[row] = v === null ? NULL : UNDEFINED;
    } else {
      throw new TypeError(`row ${row}: a prepared field's value is a string, null or undefined, not ${typeof v}`);
    }
  }

  done(): FieldParts {
    const { rows, kinds } = this;
    this.starts[rows] = this.at;
    this.pieces.push(this.piece.join(''));
    if (this.at > 0) return { rows, text: this.pieces.join(''), starts: this.starts, kinds, every: 0 };
    // No text: each row's kind is all there is to keep, or one kind for all.
    const first = kinds === undefined ? 0 : kinds[0];
    const uniform = kinds === undefined || kinds.every((kind) => kind === first);
    return { rows, text: '', starts: undefined, kinds: uniform ? undefined : kinds, every: uniform ? first : 0 };
  }
}
