import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { JsonAnswer } from './json-answer.js';

/**
 * Bytes per buffer the entries are written into; a larger entry gets a buffer of its own. Buffers of 64 MiB (which
 * glibc's malloc maps apart and gives back when freed) were tried: the last one, trimmed by a copy, left 64 MiB of
 * garbage that made every lookup about 3 us slower until the next full collection (docs/benchmarks.md, finding 31).
 */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Rows written between two yields to the event loop while preparing. */
const ROWS_PER_SLICE = 20_000;
const FALSE = 'false';
/** The least share of the previous version's buffers a reload keeps that must be read by its rows. */
const KEEP_RATIO = 0.8;

/**
 * Every row's entry of a lookup answer for one display, written once as UTF-8 bytes when the source loads its
 * data (a CSV file): a lookup copies them into its answer ({@link JsonAnswer}) instead of writing JSON per
 * request (docs/benchmarks.md, finding 22). The favorite flags, which depend on who asks, are written `false`;
 * where the flag is `true` the answer writes it in their place. Each entry is followed by a comma, so that
 * entries of rows that follow each other in the file are copied as one range.
 */
export class PreparedEntries {
  private constructor(
    private readonly chunks: readonly Buffer[],
    /** Row `r`'s entry: bytes `spans[3r + 1]` to `spans[3r + 2]` of buffer `spans[3r]` (side by side: one cache line). */
    private readonly spans: Uint32Array,
    /** The byte offset, in its entry, of each favorite flag of each row (`row * favorites + k`). */
    private readonly flags: Uint32Array | undefined,
    private readonly favorites: number,
    /** The bytes of the rows' entries (and their commas): what {@link heldBytes} holds that is read. */
    readonly byteLength: number,
  ) {}

  /**
   * Writes the entries of `rows` rows: `pieces(row)` is the row's entry split at its favorite flags
   * (`favorites + 1` pieces, {@link RowLayout.entryPieces}). Yields to the event loop between slices of rows;
   * stops with the signal's reason when `options.signal` is aborted. With `options.reuse`, a row whose
   * `previousRows` entry is a row of `reuse.entries` keeps that row's bytes where they are (a reload's unchanged
   * line, under the same header and display), unless more than a fifth of the bytes of the previous version's
   * buffers kept that way would be read by no row any more (rows changed or gone, over this reload and those
   * before): then every entry is written again, so that entries never hold more than 5/4 of their bytes.
   */
  static async build(
    rows: number,
    favorites: number,
    pieces: (row: number) => readonly string[],
    options: EntriesBuildOptions = {},
  ): Promise<PreparedEntries> {
    const { reuse } = options;
    const keep = reuse !== undefined && reuse.entries.favorites === favorites && reuse.entries.worthKeeping(reuse);
    return PreparedEntries.write(rows, favorites, pieces, options, keep ? reuse : undefined);
  }

  /**
   * True when the rows `reuse` keeps read at least {@link KEEP_RATIO} of the bytes of the buffers they are in:
   * decided from the spans before anything is written.
   */
  private worthKeeping({ previousRows }: EntriesReuse): boolean {
    const { spans } = this;
    const adopted = new Set<number>();
    let keptBytes = 0;
    for (const before of previousRows) {
      if (before < 0 || before >= this.size) continue;
      adopted.add(spans[before * 3]);
      // With the comma after the entry.
      keptBytes += spans[before * 3 + 2] + 1 - spans[before * 3 + 1];
    }
    let adoptedBytes = 0;
    for (const chunk of adopted) adoptedBytes += this.chunks[chunk].length;
    return keptBytes >= adoptedBytes * KEEP_RATIO;
  }

  private static async write(
    rows: number,
    favorites: number,
    pieces: (row: number) => readonly string[],
    { signal, chunkBytes = CHUNK_BYTES }: EntriesBuildOptions,
    reuse: EntriesReuse | undefined,
  ): Promise<PreparedEntries> {
    const chunks: Buffer[] = [];
    const spans = new Uint32Array(rows * 3);
    const flags = favorites > 0 ? new Uint32Array(rows * favorites) : undefined;
    // The previous version's buffers kept, by their index there: their index here.
    const adopted = new Map<number, number>();
    let chunk = Buffer.allocUnsafeSlow(0);
    let current = -1;
    let at = 0;
    let total = 0;
    for (let row = 0; row < rows; row++) {
      if (row % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) {
        await yieldToEventLoop();
        signal?.throwIfAborted();
      }
      const before = reuse === undefined || row >= reuse.previousRows.length ? -1 : reuse.previousRows[row];
      if (before >= 0 && before < reuse!.entries.size) {
        const old = reuse!.entries;
        const oldChunk = old.spans[before * 3];
        let index = adopted.get(oldChunk);
        if (index === undefined) adopted.set(oldChunk, (index = chunks.push(old.chunks[oldChunk]) - 1));
        spans[row * 3] = index;
        spans[row * 3 + 1] = old.spans[before * 3 + 1];
        spans[row * 3 + 2] = old.spans[before * 3 + 2];
        for (let k = 0; k < favorites; k++) flags![row * favorites + k] = old.flags![before * favorites + k];
        // The comma after the entry is in the old buffer too.
        total += old.spans[before * 3 + 2] + 1 - old.spans[before * 3 + 1];
        continue;
      }
      const parts = pieces(row);
      if (parts.length !== favorites + 1) {
        throw new Error(`row ${row}: ${parts.length} pieces for ${favorites} favorite flags`);
      }
      let chars = 1 + favorites * FALSE.length;
      for (const part of parts) chars += part.length;
      // At most three bytes per UTF-16 unit: room for the worst case, or a new buffer.
      if (at + chars * 3 > chunk.length) {
        if (current >= 0) chunks[current] = trimmed(chunk, at);
        chunk = Buffer.allocUnsafeSlow(Math.max(chunkBytes, chars * 3));
        current = chunks.push(chunk) - 1;
        at = 0;
      }
      const start = at;
      for (let k = 0; k < parts.length; k++) {
        if (k > 0) {
          flags![row * favorites + k - 1] = at - start;
          at += chunk.write(FALSE, at, 'latin1');
        }
        at += chunk.write(parts[k], at);
      }
      spans[row * 3] = current;
      spans[row * 3 + 1] = start;
      spans[row * 3 + 2] = at;
      chunk[at++] = 0x2c;
      total += at - start;
    }
    if (current >= 0) chunks[current] = trimmed(chunk, at);
    return new PreparedEntries(chunks, spans, flags, favorites, total);
  }

  /** The bytes of the buffers held, read by a row or not (more than {@link byteLength} when some were kept). */
  get heldBytes(): number {
    let held = 0;
    for (const chunk of this.chunks) held += chunk.length;
    return held;
  }

  /** The number of rows. */
  get size(): number {
    return this.spans.length / 3;
  }

  /** Appends row `row`'s entry to `answer`, its favorite flags `true` when `favorite`. */
  write(answer: JsonAnswer, row: number, favorite: boolean): void {
    const { spans } = this;
    const bytes = this.chunks[spans[row * 3]];
    const start = spans[row * 3 + 1];
    const end = spans[row * 3 + 2];
    if (!favorite || this.flags === undefined) {
      answer.bytes(bytes, start, end);
      return;
    }
    let from = start;
    for (let k = 0; k < this.favorites; k++) {
      const flag = start + this.flags[row * this.favorites + k];
      answer.bytes(bytes, from, flag);
      answer.text('true');
      from = flag + FALSE.length;
    }
    answer.bytes(bytes, from, end);
  }
}

/** Options of {@link PreparedEntries.build}. */
export interface EntriesBuildOptions {
  readonly signal?: AbortSignal;
  /** The entries of the version in service that rows of this one may keep. */
  readonly reuse?: EntriesReuse;
  /** Bytes per buffer (tests: several buffers without writing 8 MiB). */
  readonly chunkBytes?: number;
}

/** What a reload keeps of the entries of the version in service (see {@link PreparedEntries.build}). */
export interface EntriesReuse {
  readonly entries: PreparedEntries;
  /** For each row, the row of `entries` whose entry is its own byte for byte, or -1. */
  readonly previousRows: Int32Array;
}

/** The first `length` bytes of `chunk`, in a buffer of that size when that saves much. */
function trimmed(chunk: Buffer, length: number): Buffer {
  if (chunk.length - length < 64 * 1024) return chunk;
  const out = Buffer.allocUnsafeSlow(length);
  chunk.copy(out, 0, 0, length);
  return out;
}
