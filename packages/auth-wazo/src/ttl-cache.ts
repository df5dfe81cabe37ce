/**
 * A map whose entries expire `ttlMs` after they were set and which holds at most `maxEntries`, dropping the
 * least recently used first: a flood of distinct keys (random tokens) cannot grow it without bound.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    /** A monotonic clock in milliseconds (tests give their own). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The value set for `key` less than `ttlMs` ago, or undefined. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Map keeps insertion order: re-inserting makes the entry the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` for `ttlMs`; does nothing when the TTL is 0. */
  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** How many entries are held (expired ones included until they are read or pushed out). */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
