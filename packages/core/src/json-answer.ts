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

/**
 * Tells once when an answer written into a buffer is no longer read: an HTTP response (`ServerResponse`), whose
 * `close` comes after its last write has completed (its bytes are the kernel's) or was cancelled with the
 * connection. `closed`: it already has.
 */
export interface AnswerSink {
  readonly closed?: boolean;
  once(event: 'close', listener: () => void): unknown;
}

/** Large answers are written into buffers of a power-of-two size from here up to {@link POOL_MAX_CLASS}. */
const POOL_MIN_CLASS = 32 * 1024;
const POOL_MAX_CLASS = 4 * 1024 * 1024;
/** The most bytes of buffers kept idle between answers. */
const POOL_MAX_IDLE = 32 * 1024 * 1024;

/**
 * Buffers of large answers, given back when their response closes and written into again by later answers. An
 * ArrayBuffer per large answer (pages of 1,000 results are 290 KB) is hundreds of MB a second of external
 * memory, which Node 24's V8 answers with a full collection every 200 ms (docs/benchmarks.md, finding 30). A
 * buffer is given back only by its sink's `close`: never while its answer may still be read.
 */
class AnswerBufferPool {
  private readonly idle = new Map<number, ArrayBuffer[]>();
  private idleBytes = 0;

  /** A buffer of at least `size` bytes (at most {@link POOL_MAX_CLASS}), taken back on `sink`'s close. */
  lease(size: number, sink: AnswerSink): Buffer {
    let capacity = POOL_MIN_CLASS;
    while (capacity < size) capacity *= 2;
    const free = this.idle.get(capacity);
    let memory = free?.pop();
    if (memory !== undefined) this.idleBytes -= capacity;
    else memory = Buffer.allocUnsafeSlow(capacity).buffer as ArrayBuffer;
    const taken = memory;
    sink.once('close', () => this.giveBack(taken));
    return Buffer.from(taken, 0, size);
  }

  private giveBack(memory: ArrayBuffer): void {
    if (this.idleBytes + memory.byteLength > POOL_MAX_IDLE) return;
    let free = this.idle.get(memory.byteLength);
    if (free === undefined) this.idle.set(memory.byteLength, (free = []));
    free.push(memory);
    this.idleBytes += memory.byteLength;
  }
}

const pool = new AnswerBufferPool();

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

  /**
   * The answer as one Buffer. With `sink` (the response it is sent on), a large answer is written into a buffer
   * that is used again once the response has closed: never keep it past that.
   */
  toBuffer(sink?: AnswerSink): Buffer {
    const pooled =
      sink !== undefined && sink.closed !== true && this.size > SLAB_ANSWER_MAX && this.size <= POOL_MAX_CLASS;
    const out = (pooled ? pool.lease(this.size, sink) : answerBuffer(this.size)) as Buffer & Utf8Write;
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
