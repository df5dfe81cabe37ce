import { describe, expect, it } from 'vitest';
import { csvRecords } from './csv-answer.js';

describe('csvRecords', () => {
  it('maps each row on the header, as DictReader: short rows lack keys, extra values dropped, empty lines skipped', () => {
    expect(csvRecords('id,name,number\r\n1,Alice,11\n\n2,Bob\n3,Carol,33,extra\n', ',')).toEqual([
      { id: '1', name: 'Alice', number: '11' },
      { id: '2', name: 'Bob' },
      { id: '3', name: 'Carol', number: '33' },
    ]);
  });

  it('keeps the last of two columns of the same name, and a column named __proto__ as a field', () => {
    const [row] = csvRecords('name,__proto__,name\nAlpha,x,Beta\n', ',');
    expect(row).toEqual({ name: 'Beta', ['__proto__']: 'x' });
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('answers no rows for an empty answer or a header alone', () => {
    expect(csvRecords('', ',')).toEqual([]);
    expect(csvRecords('\ufeffid,name\r\n', ',')).toEqual([]);
  });

  it('reads quoted fields with the delimiter inside', () => {
    expect(csvRecords('id\tname\n1\t"Smith\tJohn"\n', '\t')).toEqual([{ id: '1', name: 'Smith\tJohn' }]);
  });
});
