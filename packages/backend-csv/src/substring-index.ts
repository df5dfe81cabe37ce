import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Folded searchable text of every row, columns joined by this (a term never contains it). */
export const COLUMN_JOINER = '\u0001';

const BATCH = 50_000;

function trigramHash(a: number, b: number, c: number, shift: number): number {
  return Math.imul((a << 16) ^ (b << 8) ^ c ^ (a >>> 8) ^ (b >>> 16), 0x9e3779b1) >>> shift;
}

/**
 * A trigram index over the folded text of each row: for a term of 3 characters or more, the rows holding
 * its rarest trigram are the only candidates, so a search touches a few rows instead of the whole file.
 * Trigrams are hashed into a fixed number of buckets; a collision only adds candidates, which the caller
 * verifies with `includes`.
 */
export class SubstringIndex {
  private constructor(
    private readonly shift: number,
    private readonly offsets: Uint32Array,
    private readonly postings: Uint32Array,
  ) {}

  /** Builds the index, yielding to the event loop between batches so a reload never stalls requests. */
  static async build(texts: readonly string[]): Promise<SubstringIndex> {
    let chars = 0;
    for (const t of texts) chars += t.length;
    const bits = Math.min(20, Math.max(10, Math.ceil(Math.log2(Math.max(1, chars / 4)))));
    const shift = 32 - bits;
    const buckets = 1 << bits;
    const counts = new Uint32Array(buckets + 1);
    const lastRow = new Int32Array(buckets).fill(-1);
    await forEachTrigram(texts, shift, lastRow, (bucket) => counts[bucket + 1]++);
    for (let b = 1; b <= buckets; b++) counts[b] += counts[b - 1];
    const postings = new Uint32Array(counts[buckets]);
    const cursor = counts.slice(0, buckets);
    lastRow.fill(-1);
    await forEachTrigram(texts, shift, lastRow, (bucket, row) => {
      postings[cursor[bucket]++] = row;
    });
    return new SubstringIndex(shift, counts, postings);
  }

  /**
   * Rows that may contain `term` (a folded term of 3+ characters), ascending; null when the term is too
   * short for the index and the caller must scan.
   */
  candidates(term: string): Uint32Array | null {
    if (term.length < 3) return null;
    let best: Uint32Array | null = null;
    let second: Uint32Array | null = null;
    for (let i = 0; i + 2 < term.length; i++) {
      const b = trigramHash(term.charCodeAt(i), term.charCodeAt(i + 1), term.charCodeAt(i + 2), this.shift);
      const list = this.postings.subarray(this.offsets[b], this.offsets[b + 1]);
      if (list.length === 0) return list;
      if (!best || list.length < best.length) {
        second = best;
        best = list;
      } else if (!second || list.length < second.length) {
        second = list;
      }
    }
    return best && second && best.length > 64 ? intersect(best, second) : best;
  }
}

async function forEachTrigram(
  texts: readonly string[],
  shift: number,
  lastRow: Int32Array,
  visit: (bucket: number, row: number) => void,
): Promise<void> {
  for (let start = 0; start < texts.length; start += BATCH) {
    const end = Math.min(texts.length, start + BATCH);
    for (let row = start; row < end; row++) {
      const t = texts[row];
      for (let i = 0; i + 2 < t.length; i++) {
        const a = t.charCodeAt(i);
        const b = t.charCodeAt(i + 1);
        const c = t.charCodeAt(i + 2);
        if (a === 1 || b === 1 || c === 1) continue;
        const bucket = trigramHash(a, b, c, shift);
        if (lastRow[bucket] === row) continue;
        lastRow[bucket] = row;
        visit(bucket, row);
      }
    }
    if (end < texts.length) await yieldToEventLoop();
  }
}

function intersect(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out[n++] = a[i];
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return out.subarray(0, n);
}
