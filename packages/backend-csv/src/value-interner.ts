/** Checked every this many rows: a column whose values are mostly distinct stops being interned. */
const CHECK_EVERY = 4096;
/** Past this share of distinct values (ids, e-mails, numbers), interning costs more than it saves. */
const MAX_DISTINCT_SHARE = 0.7;

/**
 * Keeps one string per distinct value of a column while a file loads: first names, companies, cities and
 * departments repeat on thousands of rows, and a million-row file would otherwise hold millions of equal
 * strings (hundreds of MiB, and as much garbage-collector work). Columns of mostly distinct values are left
 * alone after a few thousand rows.
 */
export class ValueInterner {
  private readonly columns: (Map<string, string> | null | undefined)[] = [];
  private rows = 0;

  /** Replaces, in place, each value of `record` by the copy kept for the same text in its column. */
  intern(record: string[]): void {
    for (let i = 0; i < record.length; i++) {
      let kept = this.columns[i];
      if (kept === null) continue;
      if (kept === undefined) kept = this.columns[i] = new Map();
      const value = record[i];
      const same = kept.get(value);
      if (same === undefined) kept.set(value, value);
      else record[i] = same;
    }
    if (++this.rows % CHECK_EVERY === 0) {
      this.columns.forEach((kept, i) => {
        if (kept && kept.size > this.rows * MAX_DISTINCT_SHARE) this.columns[i] = null;
      });
    }
  }
}
