import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

const BATCH = 50_000;
const EMPTY = new Uint32Array(0);

/** Below this many candidates, checking each one costs less than intersecting one more list (measured on 1M rows: 4 beats 1, 8 and 32). */
const FEW = 4;

function trigramHash(a: number, b: number, c: number, shift: number): number {
  return Math.imul((a << 16) ^ (b << 8) ^ c ^ (a >>> 8) ^ (b >>> 16), 0x9e3779b1) >>> shift;
}

/**
 * A trigram index over a list of strings: for a term of 3 characters or more, the ids of the strings that
 * hold every trigram of the term. Trigrams are hashed into a fixed number of buckets; a collision only adds
 * candidates, which the caller verifies with `includes`.
 */
export class TrigramIndex {
  private constructor(
    private readonly shift: number,
    private readonly offsets: Uint32Array,
    private readonly postings: Uint32Array,
  ) {}

  /** Indexes `strings`, yielding to the event loop between batches so a reload never stalls requests. */
  static async build(strings: readonly string[]): Promise<TrigramIndex> {
    let chars = 0;
    for (const s of strings) chars += s.length;
    const bits = Math.min(20, Math.max(8, Math.ceil(Math.log2(Math.max(1, chars / 4)))));
    const shift = 32 - bits;
    const buckets = 1 << bits;
    const counts = new Uint32Array(buckets + 1);
    const lastId = new Int32Array(buckets).fill(-1);
    await forEachTrigram(strings, shift, lastId, (bucket) => counts[bucket + 1]++);
    for (let b = 1; b <= buckets; b++) counts[b] += counts[b - 1];
    const postings = new Uint32Array(counts[buckets]);
    const cursor = counts.slice(0, buckets);
    lastId.fill(-1);
    await forEachTrigram(strings, shift, lastId, (bucket, id) => {
      postings[cursor[bucket]++] = id;
    });
    return new TrigramIndex(shift, counts, postings);
  }

  /**
   * Ids of the strings that may contain `term` (3+ characters), ascending: the posting lists of its trigrams
   * intersected, rarest first, until few candidates are left.
   */
  candidates(term: string): Uint32Array {
    const lists: Uint32Array[] = [];
    for (let i = 0; i + 2 < term.length; i++) {
      const b = trigramHash(term.charCodeAt(i), term.charCodeAt(i + 1), term.charCodeAt(i + 2), this.shift);
      const from = this.offsets[b];
      const to = this.offsets[b + 1];
      if (from === to) return EMPTY;
      if (!lists.some((l) => l.byteOffset === from * 4)) lists.push(this.postings.subarray(from, to));
    }
    lists.sort((x, y) => x.length - y.length);
    let out = lists[0];
    for (let k = 1; k < lists.length && out.length > FEW; k++) out = intersect(out, lists[k]);
    return out;
  }
}

async function forEachTrigram(
  strings: readonly string[],
  shift: number,
  lastId: Int32Array,
  visit: (bucket: number, id: number) => void,
): Promise<void> {
  for (let start = 0; start < strings.length; start += BATCH) {
    const end = Math.min(strings.length, start + BATCH);
    for (let id = start; id < end; id++) {
      const s = strings[id];
      for (let i = 0; i + 2 < s.length; i++) {
        const bucket = trigramHash(s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(i + 2), shift);
        if (lastId[bucket] === id) continue;
        lastId[bucket] = id;
        visit(bucket, id);
      }
    }
    if (end < strings.length) await yieldToEventLoop();
  }
}

/** Ids in both ascending lists; `small` is walked, `large` searched by galloping when much longer. */
function intersect(small: Uint32Array, large: Uint32Array): Uint32Array {
  const out = new Uint32Array(small.length);
  let n = 0;
  let j = 0;
  const gallop = large.length > small.length * 8;
  for (let i = 0; i < small.length && j < large.length; i++) {
    const id = small[i];
    if (gallop) {
      let step = 1;
      while (j + step < large.length && large[j + step] < id) step *= 2;
      let lo = j;
      let hi = Math.min(j + step, large.length - 1);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (large[mid] < id) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
    } else {
      while (j < large.length && large[j] < id) j++;
    }
    if (large[j] === id) out[n++] = id;
  }
  return out.subarray(0, n);
}
