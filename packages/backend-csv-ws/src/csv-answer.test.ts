import { describe, expect, it } from 'vitest';
import { readAnswer, ROWS_PER_SLICE } from './csv-answer.js';

describe('readAnswer', () => {
  it('maps each row on the header, as DictReader: short rows lack keys, extra values dropped, empty lines skipped', async () => {
    expect(await readAnswer('id,name,number\r\n1,Alice,11\n\n2,Bob\n3,Carol,33,extra\n', ',')).toEqual([
      { id: '1', name: 'Alice', number: '11' },
      { id: '2', name: 'Bob' },
      { id: '3', name: 'Carol', number: '33' },
    ]);
  });

  it('keeps the last of two columns of the same name, and a column named __proto__ as a field', async () => {
    const [row] = await readAnswer('name,__proto__,name\nAlpha,x,Beta\n', ',', { keep: (v) => v('name') === 'Beta' });
    expect(row).toEqual({ name: 'Beta', ['__proto__']: 'x' });
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('answers no rows for an empty answer or a header alone', async () => {
    expect(await readAnswer('', ',')).toEqual([]);
    expect(await readAnswer('\ufeffid,name\r\n', ',')).toEqual([]);
  });

  it('reads quoted fields with the delimiter inside', async () => {
    expect(await readAnswer('id\tname\n1\t"Smith\tJohn"\n', '\t')).toEqual([{ id: '1', name: 'Smith\tJohn' }]);
  });

  it('keeps the rows accepted, up to max, and reads no further', async () => {
    const text = 'id,number\n1,11\n2,22\n3,11\n4,11\n"never closed\n';
    const keep = (v: (c: string) => string | undefined) => v('number') === '11';
    expect(await readAnswer(text, ',', { keep, max: 2 })).toEqual([
      { id: '1', number: '11' },
      { id: '3', number: '11' },
    ]);
    expect(await readAnswer(text, ',', { max: 1 })).toEqual([{ id: '1', number: '11' }]);
    await expect(readAnswer(text, ',', { keep })).rejects.toThrow(/^line 6: quote not closed/);
  });

  it('stops between slices of rows when its signal aborts', async () => {
    const text = `id\n${'1\n'.repeat(ROWS_PER_SLICE * 3)}`;
    const controller = new AbortController();
    const reading = readAnswer(text, ',', { signal: controller.signal, keep: () => false });
    controller.abort(new Error('given up'));
    await expect(reading).rejects.toThrow('given up');
  });
});
