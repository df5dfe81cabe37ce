import type { Display } from './display.js';
import { entryJson } from './display.js';
import type { SourceResult } from './source-result.js';

const COMMA = 0x2c;
/** Ranges up to this many bytes are copied byte by byte: cheaper than making a view to copy them natively. */
const SMALL_COPY = 16;
/** Answers up to this size are cut from a shared slab rather than each getting an ArrayBuffer of its own. */
const SLAB_ANSWER_MAX = 16 * 1024;
const SLAB_BYTES = 128 * 1024;

let slab: Buffer | undefined;
let slabUsed = 0;

/**
 * A Buffer of `size` bytes for an answer. Most answers are a few kilobytes: above 4 KiB Node gives each its own
 * ArrayBuffer (a malloc, and one more to sweep at every scavenge), so they are cut from a 128 KiB slab instead,
 * as Node's own pool does for smaller ones. A slab lives as long as one of its answers is being sent.
 */
function answerBuffer(size: number): Buffer {
  if (size > SLAB_ANSWER_MAX) return Buffer.allocUnsafe(size);
  if (slab === undefined || slabUsed + size > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + size);
  slabUsed = (slabUsed + size + 7) & ~7;
  return out;
}

/** Node's own UTF-8 writer of a Buffer, without `write`'s argument juggling (present in every Node release). */
interface Utf8Write {
  utf8Write(text: string, offset: number): number;
}

/**
 * An answer written as UTF-8 bytes: text, and ranges of bytes prepared before (a source's entries, written at
 * load by {@link PreparedEntries}), copied once into the Buffer that is sent. Nothing is encoded per request
 * but the text parts; ranges that follow each other in the same buffer are copied as one (docs/benchmarks.md,
 * finding 22).
 */
export class JsonAnswer {
  private readonly parts: (string | Uint8Array)[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private size = 0;

  /** Appends `text`, encoded as UTF-8. */
  text(text: string): void {
    this.parts.push(text);
    this.from.push(0);
    this.to.push(0);
    this.size += Buffer.byteLength(text);
  }

  /** Appends the bytes `start` to `end` of `bytes` (kept by reference until {@link toBuffer}: never change them). */
  bytes(bytes: Uint8Array, start: number, end: number): void {
    const last = this.parts.length - 1;
    if (last >= 0 && this.parts[last] === bytes && this.to[last] === start) this.to[last] = end;
    else {
      this.parts.push(bytes);
      this.from.push(start);
      this.to.push(end);
    }
    this.size += end - start;
  }

  /** Appends a comma: the byte after the last range when it is one (entries are prepared with a comma after them). */
  comma(): void {
    const last = this.parts.length - 1;
    const part = last >= 0 ? this.parts[last] : undefined;
    if (part !== undefined && typeof part !== 'string' && part[this.to[last]] === COMMA) {
      this.to[last]++;
      this.size++;
    } else this.text(',');
  }

  /** The answer's length in bytes. */
  get byteLength(): number {
    return this.size;
  }

  /** The answer as one Buffer. */
  toBuffer(): Buffer {
    const out = answerBuffer(this.size) as Buffer & Utf8Write;
    const { parts, from, to } = this;
    let at = 0;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (typeof part === 'string') at += out.utf8Write(part, at);
      else {
        const start = from[i];
        const end = to[i];
        if (end - start > SMALL_COPY) out.set(new Uint8Array(part.buffer, part.byteOffset + start, end - start), at);
        else for (let k = start; k < end; k++) out[at + k - start] = part[k];
        at += end - start;
      }
    }
    return out;
  }
}

/**
 * Appends one result's entry of a lookup answer for `display` (the text of {@link entryJson}): its prepared
 * bytes when its source has them ({@link SourceResult.writeEntry}), else its JSON text.
 */
export function writeEntry(answer: JsonAnswer, display: Display, result: SourceResult, favorite: boolean): void {
  if (result.writeEntry !== undefined) result.writeEntry(answer, display, favorite);
  else answer.text(entryJson(display, result, favorite));
}
