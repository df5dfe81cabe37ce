import { describe, expect, it } from 'vitest';
import { NumberIndex } from './number-index.js';

describe('NumberIndex', () => {
  it('finds the first row of a number, formatting ignored, telling apart what only looks alike', () => {
    const index = new NumberIndex(8);
    const stored = ['01.23.45.67.89', '123456789', '+33 1 23 45 67 89', '0123456789', '*12#', 'reception', '12'];
    stored.forEach((value, row) => index.add(value, row));
    expect(index.get('(01) 23-45-67-89')).toBe(0);
    expect(index.get('123456789')).toBe(1);
    expect(index.get('+33123456789')).toBe(2);
    expect(index.get('33123456789')).toBeUndefined();
    expect(index.get('*12#')).toBe(4);
    expect(index.get('reception')).toBe(5);
    expect(index.get('012')).toBeUndefined();
    expect(index.get('12')).toBe(6);
    expect(index.get('+12')).toBeUndefined();
    expect(index.get('999')).toBeUndefined();
  });

  it('compares a value that is not written as a number (an e-mail, a SIP URI) exactly, never by its digits', () => {
    const index = new NumberIndex(8);
    ['john12@example.com', 'sip:1234@pbx', 'ext. 55'].forEach((value, row) => index.add(value, row));
    expect(index.get('12')).toBeUndefined();
    expect(index.get('1234')).toBeUndefined();
    expect(index.get('55')).toBeUndefined();
    expect(index.get('john12@example.com')).toBe(0);
    expect(index.get('sip:1234@pbx')).toBe(1);
  });

  it('holds many numbers, long ones included, and keeps the first row of each', () => {
    const index = new NumberIndex(20_000);
    for (let row = 0; row < 20_000; row++) index.add(`06${String(row).padStart(8, '0')}`, row);
    for (let row = 0; row < 100; row++) index.add(`+${String(row).padStart(20, '7')}`, 20_000 + row);
    index.add('0600000042', 99_999);
    for (let row = 0; row < 20_000; row += 997) expect(index.get(`06 ${String(row).padStart(8, '0')}`)).toBe(row);
    expect(index.get('0600000042')).toBe(42);
    expect(index.get(`+${'5'.padStart(20, '7')}`)).toBe(20_005);
    expect(index.get('0620000000')).toBeUndefined();
  });
});
