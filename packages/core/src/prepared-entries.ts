import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { JsonAnswer } from './json-answer.js';

/**
 * Bytes per buffer the entries are written into; a larger entry gets a buffer of its own. Above 32 MiB so that
 * glibc's malloc always maps them apart and unmaps them when a reload frees them: once it has given a block of
 * 32 MiB or less back, it serves such sizes from its heap, which keeps their memory when freed (8 MiB buffers left
 * about 290 MiB more in RSS after each reload of a million rows: docs/benchmarks.md, finding 31). Pages never
 * written take no memory, so a small file's buffer costs its entries only (and it is trimmed to them).
 */
const CHUNK_BYTES = 64 * 1024 * 1024;
/** Rows written between two yields to the event loop while preparing. */
const ROWS_PER_SLICE = 20_000;
const FALSE = 'false';

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
    /** The bytes held, in all. */
    readonly byteLength: number,
  ) {}

  /**
   * Writes the entries of `rows` rows: `pieces(row)` is the row's entry split at its favorite flags
   * (`favorites + 1` pieces, {@link RowLayout.entryPieces}). Yields to the event loop between slices of rows;
   * stops with the signal's reason when `signal` is aborted.
   */
  static async build(
    rows: number,
    favorites: number,
    pieces: (row: number) => readonly string[],
    signal?: AbortSignal,
  ): Promise<PreparedEntries> {
    const chunks: Buffer[] = [];
    const spans = new Uint32Array(rows * 3);
    const flags = favorites > 0 ? new Uint32Array(rows * favorites) : undefined;
    let chunk = Buffer.allocUnsafeSlow(0);
    let at = 0;
    let total = 0;
    for (let row = 0; row < rows; row++) {
      if (row % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) {
        await yieldToEventLoop();
        signal?.throwIfAborted();
      }
      const parts = pieces(row);
      if (parts.length !== favorites + 1) {
        throw new Error(`row ${row}: ${parts.length} pieces for ${favorites} favorite flags`);
      }
      let chars = 1 + favorites * FALSE.length;
      for (const part of parts) chars += part.length;
      // At most three bytes per UTF-16 unit: room for the worst case, or a new buffer.
      if (at + chars * 3 > chunk.length) {
        if (at > 0) chunks[chunks.length - 1] = trimmed(chunk, at);
        chunk = Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, chars * 3));
        chunks.push(chunk);
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
      spans[row * 3] = chunks.length - 1;
      spans[row * 3 + 1] = start;
      spans[row * 3 + 2] = at;
      chunk[at++] = 0x2c;
      total += at - start;
    }
    if (chunks.length > 0) chunks[chunks.length - 1] = trimmed(chunk, at);
    return new PreparedEntries(chunks, spans, flags, favorites, total);
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

/** The first `length` bytes of `chunk`, in a buffer of that size when that saves much. */
function trimmed(chunk: Buffer, length: number): Buffer {
  if (chunk.length - length < 64 * 1024) return chunk;
  const out = Buffer.allocUnsafeSlow(length);
  chunk.copy(out, 0, 0, length);
  return out;
}
