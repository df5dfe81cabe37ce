/** One page of entries, and where the pages before and after it start. */
export interface Page<T> {
  readonly entries: readonly T[];
  /** Every entry, all pages together. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number | undefined;
  /** Where the next page starts; undefined on the last page. */
  readonly next: number | undefined;
  /** Where the previous page starts; undefined on the first page. */
  readonly previous: number | undefined;
}

/**
 * The page of `entries` at `offset`, at most `limit` long (undefined: to the end), as xivo-dird cut it
 * (reference §8.3). One change: with `limit` 0, xivo-dird linked an empty page to itself as the next and
 * previous one, so a phone following the links looped; dird gives it no links.
 */
export function paginate<T>(entries: readonly T[], offset: number, limit: number | undefined): Page<T> {
  const total = entries.length;
  const pageless = limit === undefined || limit === 0;
  return {
    entries: limit === undefined ? entries.slice(offset) : entries.slice(offset, offset + limit),
    total,
    offset,
    limit,
    next: pageless || offset + limit >= total ? undefined : offset + limit,
    previous: pageless || offset === 0 ? undefined : Math.max(0, offset - limit),
  };
}
