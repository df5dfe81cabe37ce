/**
 * A map whose entries expire `ttlMs` after they were set and which holds at most `maxEntries`: a flood of
 * distinct keys (random tokens) cannot grow it without bound. Past `maxEntries` the entry not read for longest
 * goes first, as a clock (second-chance) approximation of LRU: a read only marks its entry, where moving it to
 * the end of the map on every hit cost a delete and an insert per request (docs/benchmarks.md, finding 24). An
 * eviction passes over marked entries (unmarking them, to the end) and drops the first unmarked one.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { readonly value: V; readonly expires: number; read: boolean }>();

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
    entry.read = true;
    return entry.value;
  }

  /** Keeps `value` for `ttlMs`; does nothing when the TTL is 0. */
  set(key: string, value: V): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs, read: false });
    while (this.entries.size > this.maxEntries) this.evictOne(key);
  }

  /** Drops the first entry not read since it was set or last passed over; never `kept` (the one just set). */
  private evictOne(kept: string): void {
    for (;;) {
      const [key, entry] = this.entries.entries().next().value!;
      this.entries.delete(key);
      if (!entry.read && key !== kept) return;
      entry.read = false;
      this.entries.set(key, entry);
    }
  }

  /** How many entries are held (expired ones included until they are read or pushed out). */
  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
