import { GramIndex } from './gram-index.js';

/** A column with at most this many distinct values is searched by scanning its values. */
const SCAN_MAX_VALUES = 256;
/**
 * A column with at least this many distinct values also gets a 4-gram index, for terms of 4 characters or more:
 * its lists are several times shorter than the trigram lists (docs/benchmarks.md, finding 28).
 */
const QUADGRAM_MIN_VALUES = 4096;
/**
 * ...as long as its distinct values hold at most this many characters: the 4-gram lists take about 4 bytes a
 * character, as the trigram lists do (32 MiB here; the e-mail addresses of a million rows hold 42 million).
 */
const QUADGRAM_MAX_CHARS = 8 * 1024 * 1024;

/**
 * One searched column, indexed by distinct value: each distinct folded value, the rows holding it, and for
 * columns of many values a trigram index over the values (and for many more a 4-gram index too). A value
 * repeated on thousands of rows (a company, a common name) is checked once, and only distinct values fill the
 * gram lists.
 */
export class ColumnIndex {
  /** With few values: all of them, each followed by `\u0000`, searched with one `indexOf` pass. */
  private readonly haystack: string | undefined;
  private readonly starts: Uint32Array | undefined;

  private constructor(
    /** The value id of each row. */
    readonly valueOfRow: Uint32Array,
    private readonly values: readonly string[],
    /** Rows of value `v`: `rows[rowOffsets[v] .. rowOffsets[v + 1]]`, ascending. */
    private readonly rowOffsets: Uint32Array,
    private readonly rows: Uint32Array,
    private readonly trigrams: GramIndex | undefined,
    private readonly quadgrams: GramIndex | undefined,
  ) {
    if (!trigrams) {
      this.haystack = values.join('\u0000') + '\u0000';
      this.starts = new Uint32Array(values.length);
      for (let v = 1; v < values.length; v++) this.starts[v] = this.starts[v - 1] + values[v - 1].length + 1;
    }
  }

  /** Indexes a column given as the value id of each row and the distinct values. */
  static async build(valueOfRow: Uint32Array, values: readonly string[]): Promise<ColumnIndex> {
    const rowOffsets = new Uint32Array(values.length + 1);
    for (let row = 0; row < valueOfRow.length; row++) rowOffsets[valueOfRow[row] + 1]++;
    for (let v = 1; v <= values.length; v++) rowOffsets[v] += rowOffsets[v - 1];
    const rows = new Uint32Array(valueOfRow.length);
    const cursor = rowOffsets.slice(0, values.length);
    for (let row = 0; row < valueOfRow.length; row++) rows[cursor[valueOfRow[row]]++] = row;
    const trigrams = values.length > SCAN_MAX_VALUES ? await GramIndex.build(values, 3) : undefined;
    let chars = 0;
    for (const v of values) chars += v.length;
    const quadgrams =
      values.length >= QUADGRAM_MIN_VALUES && chars <= QUADGRAM_MAX_CHARS
        ? await GramIndex.build(values, 4)
        : undefined;
    return new ColumnIndex(valueOfRow, values, rowOffsets, rows, trigrams, quadgrams);
  }

  /** The row lists (each ascending) of the values that contain `term`, a folded, non-empty term. */
  rowsContaining(term: string, out: Uint32Array[]): void {
    for (const v of this.valuesContaining(term)) out.push(this.rowsOf(v));
  }

  /**
   * Marks (in `marks`, one byte per distinct value) the values that contain `term`, a folded, non-empty term;
   * answers how many rows hold one of them.
   */
  markValuesContaining(term: string, marks: Uint8Array): number {
    let rows = 0;
    for (const v of this.valuesContaining(term)) {
      marks[v] = 1;
      rows += this.rowOffsets[v + 1] - this.rowOffsets[v];
    }
    return rows;
  }

  /** Distinct value `v`, folded. */
  valueText(v: number): string {
    return this.values[v];
  }

  /** How many distinct values the column has. */
  get valueCount(): number {
    return this.values.length;
  }

  /** The ids of the distinct values that contain `term`, ascending. */
  private valuesContaining(term: string): number[] {
    const found: number[] = [];
    if (this.trigrams && term.length < 3) {
      // Too short for trigrams: check each distinct value (still far fewer than rows).
      for (let v = 0; v < this.values.length; v++) if (this.values[v].includes(term)) found.push(v);
      return found;
    }
    if (this.trigrams) {
      const grams = this.quadgrams !== undefined && term.length >= 4 ? this.quadgrams : this.trigrams;
      const candidates = grams.candidates(term);
      for (let i = 0; i < candidates.length; i++)
        if (this.values[candidates[i]].includes(term)) found.push(candidates[i]);
      return found;
    }
    const haystack = this.haystack!;
    for (let at = haystack.indexOf(term); at >= 0; at = haystack.indexOf(term, at + 1)) {
      const value = this.valueAt(at);
      if (value !== found[found.length - 1]) found.push(value);
    }
    return found;
  }

  private rowsOf(value: number): Uint32Array {
    return this.rows.subarray(this.rowOffsets[value], this.rowOffsets[value + 1]);
  }

  /** The value whose text holds haystack position `at`. */
  private valueAt(at: number): number {
    const starts = this.starts!;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
