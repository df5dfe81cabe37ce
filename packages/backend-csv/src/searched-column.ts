import { fold } from '@dird/core';

/** A searched column as the index needs it: its distinct folded values and, for each row, its value's id. */
export interface SearchedColumn {
  readonly values: readonly string[];
  readonly valueOfRow: Uint32Array;
}

/**
 * Collects a searched column while a file is read: numbers its distinct values (as written) and folds each
 * once. Two spellings that fold alike (`Zoé`, `ZOE`) get two ids with the same folded value: both match.
 */
export class SearchedColumnBuilder {
  private readonly ids = new Map<string, number>();
  private readonly values: string[] = [];
  private readonly rows: number[] = [];

  constructor(
    /** The column's position in the header. */
    readonly position: number,
  ) {}

  add(record: readonly string[]): void {
    const value = record[this.position] ?? '';
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(fold(value));
    }
    this.rows.push(id);
  }

  build(): SearchedColumn {
    return { values: this.values, valueOfRow: Uint32Array.from(this.rows) };
  }
}
