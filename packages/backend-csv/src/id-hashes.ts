/**
 * A 32-bit hash of a row's `source_entry_id` (FNV-1a over its UTF-16 units; null hashes as the empty id). A
 * lookup marking favorites asks of each result whether its id is one of the user's: with every row's hash kept
 * at load, a row whose hash is none of the favorites' is answered without reading the row (finding 25 of
 * docs/benchmarks.md); a match is confirmed on the id itself, so a collision costs a read, never a wrong flag.
 */
export function idHash(id: string | null): number {
  let h = 0x811c9dc5;
  if (id !== null) {
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  }
  return h | 0;
}

/** The hashes of `ids`, made once per set (a user's favorites of one source, kept while they do not change). */
export class IdHashSets {
  private readonly sets = new WeakMap<ReadonlySet<string>, ReadonlySet<number>>();
  // The set asked last (every result of a lookup asks the same one), held until another is asked.
  private lastIds: ReadonlySet<string> | undefined;
  private lastHashes: ReadonlySet<number> | undefined;

  of(ids: ReadonlySet<string>): ReadonlySet<number> {
    if (ids === this.lastIds) return this.lastHashes!;
    let hashes = this.sets.get(ids);
    if (hashes === undefined) {
      hashes = new Set([...ids].map(idHash));
      this.sets.set(ids, hashes);
    }
    this.lastIds = ids;
    this.lastHashes = hashes;
    return hashes;
  }
}
