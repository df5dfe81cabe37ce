import { describe, expect, it } from 'vitest';
import { PreparedField } from './prepared-fields.js';

describe('PreparedField', () => {
  it('gives back each row’s value as read: text of any script, empty, null and undefined', async () => {
    const values = ['Zoë', '', null, 'Ann Lee', undefined, '😀 ünï', 'x'.repeat(40), '0612345678', 'a"b\'c\\d'];
    const field = await PreparedField.build(values.length, (row) => values[row]);
    expect(field.size).toBe(values.length);
    expect(values.map((_, row) => field.get(row))).toEqual(values);
    // Text, row starts and the kinds of the rows that are not text.
    expect(field.byteLength).toBeGreaterThanOrEqual(values.length * 4);
  });

  it('keeps a column of text alone without per-row kinds', async () => {
    const field = await PreparedField.build(3, (row) => `n${row}`);
    expect([0, 1, 2].map((row) => field.get(row))).toEqual(['n0', 'n1', 'n2']);
    expect(field.byteLength).toBe('n0n1n2'.length + 4 * 4);
  });

  it('keeps nothing per row for a field no row has as text, and still answers each row', async () => {
    for (const values of [
      [undefined, undefined, undefined],
      [null, null],
      ['', '', ''],
      [undefined, '', null],
    ]) {
      const field = await PreparedField.build(values.length, (row) => values[row]);
      expect(values.map((_, row) => field.get(row))).toEqual(values);
      expect(field.size).toBe(values.length);
      // One kind a row at most (the last case), no row starts.
      expect(field.byteLength).toBeLessThanOrEqual(values.length);
    }
    const absent = await PreparedField.build(100_000, () => undefined);
    expect(absent.byteLength).toBe(0);
  });

  it('reads many rows across the slices it yields between, and stops when told to', async () => {
    const rows = 50_000;
    const field = await PreparedField.build(rows, (row) => (row % 7 === 0 ? undefined : String(row * 3)));
    for (const row of [0, 1, 4_095, 4_096, 19_999, 20_000, 49_999]) {
      expect(field.get(row)).toBe(row % 7 === 0 ? undefined : String(row * 3));
    }
    const abort = new AbortController();
    abort.abort(new Error('unloaded'));
    await expect(PreparedField.build(rows, () => 'x', abort.signal)).rejects.toThrow('unloaded');
  });

  it('reads no row when asked for no field', async () => {
    let read = 0;
    expect(await PreparedField.buildAll(1_000, 0, () => read++)).toEqual([]);
    expect(read).toBe(0);
  });

  it('refuses a value that is not text, null or undefined', async () => {
    await expect(PreparedField.build(2, (row) => (row === 1 ? (5 as never) : 'a'))).rejects.toThrow(
      /row 1: .* not number/,
    );
  });
});
