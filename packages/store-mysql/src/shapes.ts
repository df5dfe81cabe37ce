/**
 * Statement shapes kept few: prepared statements are cached per connection by their text, so a list of
 * values is sent in chunks whose sizes come from a short ladder, padded by repeating its last value (a repeated
 * value changes nothing in `IN (…)`).
 */
const LADDER = [1, 4, 16, 64, 256] as const;

/** The biggest chunk of values bound in one statement. */
export const MAX_CHUNK = LADDER[LADDER.length - 1];

/** `values` cut into chunks of at most {@link MAX_CHUNK}, each padded up to a ladder size. */
export function paddedChunks<T>(values: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < values.length; i += MAX_CHUNK) {
    const chunk = values.slice(i, i + MAX_CHUNK);
    const size = LADDER.find((n) => n >= chunk.length)!;
    while (chunk.length < size) chunk.push(chunk[chunk.length - 1]);
    chunks.push(chunk);
  }
  return chunks;
}

/** `values` cut into runs whose lengths are ladder sizes, largest first (rows to insert cannot be padded). */
export function ladderRuns<T>(values: readonly T[]): T[][] {
  const runs: T[][] = [];
  let i = 0;
  while (i < values.length) {
    const left = values.length - i;
    const size = [...LADDER].reverse().find((n) => n <= left)!;
    runs.push(values.slice(i, i + size));
    i += size;
  }
  return runs;
}

/** `?, ?, ?` for `n` values. */
export function marks(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** `(?, ?), (?, ?)` for `rows` rows of `width` values. */
export function rowMarks(rows: number, width: number): string {
  const row = `(${marks(width)})`;
  return Array.from({ length: rows }, () => row).join(', ');
}
