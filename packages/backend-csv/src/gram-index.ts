import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

const BATCH = 50_000;
const EMPTY = new Uint32Array(0);

/** When at most this many ids are left, checking each one costs less than searching the other lists. */
const FEW = 4;
/**
 * A list at most this many times longer than the ids left is walked along with them rather than galloped
 * through: on the 1M-row file the second-rarest list is typically 2 to 3 times the rarest (docs/benchmarks.md,
 * finding 26).
 */
const WALK_RATIO = 8;

/** The bucket of the `width` characters of `s` from `at`. */
function gramHash(s: string, at: number, width: number, shift: number): number {
  let h = s.charCodeAt(at);
  for (let k = 1; k < width; k++) h = Math.imul(h, 0x01000193) ^ s.charCodeAt(at + k);
  return Math.imul(h ^ (h >>> 15), 0x9e3779b1) >>> shift;
}

/**
 * An n-gram index over a list of strings: for a term of `width` characters or more, the ids of the strings
 * that hold every n-gram (`width` characters in a row) of the term. N-grams are hashed into a fixed number of
 * buckets; a collision only adds candidates, which the caller verifies with `includes`. The wider the grams,
 * the shorter their lists: on the last names of the 1M-row file a term's rarest list holds 301 ids with
 * trigrams and 42 with 4-grams (docs/benchmarks.md, finding 28).
 */
export class GramIndex {
  /** Where each of the term's n-gram lists starts and ends in `postings`, rarest first (a term's scratch). */
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  /** The last answer's ids (reused: most terms leave a handful). */
  private out = new Uint32Array(64);

  private constructor(
    /** Characters per gram. */
    readonly width: number,
    private readonly shift: number,
    private readonly offsets: Uint32Array,
    private readonly postings: Uint32Array,
  ) {}

  /**
   * Indexes the grams of `width` characters of `strings`, yielding to the event loop between batches so a
   * reload never stalls requests.
   */
  static async build(strings: readonly string[], width = 3): Promise<GramIndex> {
    let chars = 0;
    for (const s of strings) chars += s.length;
    const bits = Math.min(20, Math.max(8, Math.ceil(Math.log2(Math.max(1, chars / 4)))));
    const shift = 32 - bits;
    const buckets = 1 << bits;
    const counts = new Uint32Array(buckets + 1);
    const lastId = new Int32Array(buckets).fill(-1);
    await forEachGram(strings, width, shift, lastId, (bucket) => counts[bucket + 1]++);
    for (let b = 1; b <= buckets; b++) counts[b] += counts[b - 1];
    const postings = new Uint32Array(counts[buckets]);
    const cursor = counts.slice(0, buckets);
    lastId.fill(-1);
    await forEachGram(strings, width, shift, lastId, (bucket, id) => {
      postings[cursor[bucket]++] = id;
    });
    return new GramIndex(width, shift, counts, postings);
  }

  /**
   * Ids of the strings that may contain `term` (`width` characters or more), ascending: the rarest gram's list,
   * narrowed by each other gram's list in order of length until a few ids are left (the caller checks each one).
   * A list not much longer than the ids left is walked along with them; a longer one is searched forward by
   * galloping from where the previous id was found. No list is copied or merged in full. The answer is valid
   * until the next call: read it at once.
   */
  candidates(term: string): Uint32Array {
    const postings = this.postings;
    const from = this.from;
    const to = this.to;
    const width = this.width;
    if (term.length < width) throw new RangeError(`a term of ${term.length} characters has no gram of ${width}`);
    let lists = 0;
    for (let i = 0; i + width <= term.length; i++) {
      const b = gramHash(term, i, width, this.shift);
      const start = this.offsets[b];
      const end = this.offsets[b + 1];
      if (start === end) return EMPTY;
      // A gram seen twice in the term (or sharing its bucket) is one list.
      let seen = false;
      for (let k = 0; k < lists && !seen; k++) seen = from[k] === start;
      if (seen) continue;
      // Inserted by length: rarest first.
      let k = lists++;
      for (; k > 0 && to[k - 1] - from[k - 1] > end - start; k--) {
        from[k] = from[k - 1];
        to[k] = to[k - 1];
      }
      from[k] = start;
      to[k] = end;
    }
    const rarest = postings.subarray(from[0], to[0]);
    if (lists === 1 || rarest.length <= FEW) return rarest;
    if (this.out.length < rarest.length) this.out = new Uint32Array(Math.max(rarest.length, this.out.length * 2));
    const out = this.out;
    out.set(rarest);
    let n = rarest.length;
    // Each list keeps, in place, the ids left that it holds.
    for (let k = 1; k < lists && n > FEW; k++) {
      const end = to[k];
      let j = from[k];
      let kept = 0;
      if (n * WALK_RATIO >= end - j) {
        for (let i = 0; i < n; i++) {
          const id = out[i];
          while (j < end && postings[j] < id) j++;
          if (j === end) break;
          if (postings[j] === id) out[kept++] = id;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const id = out[i];
          if (postings[j] < id) {
            // Gallop to a bound past `id`, then search between the last two probes.
            let lo = j + 1;
            let step = 1;
            while (lo + step < end && postings[lo + step] < id) {
              lo += step;
              step *= 2;
            }
            let hi = Math.min(lo + step, end);
            while (lo < hi) {
              const mid = (lo + hi) >>> 1;
              if (postings[mid] < id) lo = mid + 1;
              else hi = mid;
            }
            j = lo;
            // This list has no id this large: no later id is in it.
            if (j === end) break;
          }
          if (postings[j] === id) out[kept++] = id;
        }
      }
      n = kept;
    }
    return out.subarray(0, n);
  }
}

async function forEachGram(
  strings: readonly string[],
  width: number,
  shift: number,
  lastId: Int32Array,
  visit: (bucket: number, id: number) => void,
): Promise<void> {
  for (let start = 0; start < strings.length; start += BATCH) {
    const end = Math.min(strings.length, start + BATCH);
    for (let id = start; id < end; id++) {
      const s = strings[id];
      for (let i = 0; i + width <= s.length; i++) {
        const bucket = gramHash(s, i, width, shift);
        if (lastId[bucket] === id) continue;
        lastId[bucket] = id;
        visit(bucket, id);
      }
    }
    if (end < strings.length) await yieldToEventLoop();
  }
}
