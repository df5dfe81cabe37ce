import { STORE_LIMITS } from '@dird/service-user-store';
import { describe, expect, it } from 'vitest';
import { importLines } from './csv-import.js';
import { contactProblems } from './validation.js';

const problems = (body: unknown) => contactProblems(body, STORE_LIMITS);

describe('contact validation', () => {
  it("lists every rule broken, once each, with xivo-dird's messages", () => {
    expect(
      problems({
        '.': 'x',
        'a..b': 'x',
        'a//b': 'x',
        '/a': 'x',
        'a/': 'x',
        './a': 'x',
        'a/.': 'x',
        'a/./b': 'x',
        é: 'x',
        n: 1,
      }),
    ).toEqual([
      'all values must be strings',
      'key `.` is invalid',
      '.. is forbidden in keys',
      '// is forbidden in keys',
      'key must not start with /',
      'key must not end with /',
      'key must not start with ./',
      'key must not end with /.',
      'key must not contain /./',
      'key must contain only ASCII characters',
    ]);
  });

  it('accepts any other ASCII key, %, ? and # included, and empty values', () => {
    expect(problems({ '%': '', '?': 'q', '#': 'h', 'a/b': 'c', firstname: 'Zoë 😀', __proto__x: '' })).toEqual([]);
    expect(problems({})).toEqual([]);
  });

  it("refuses what is not an object, and what exceeds the store's limits", () => {
    for (const body of [null, [], 'text', 42]) {
      expect(problems(body)).toEqual(['the contact must be a JSON object of attribute names to string values']);
    }
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']));
    expect(problems({ ...many, ['k'.repeat(256)]: 'v'.repeat(10_001), '': 'x', v: null })).toEqual([
      'all values must be strings',
      'key must not be empty',
      'key must be at most 255 characters',
      'values must be at most 10000 characters',
      'a contact has at most 100 attributes',
    ]);
  });
});

describe('CSV import lines', () => {
  it('numbers physical lines from the header (1), skips blank ones, tolerates CRLF and reads quotes', () => {
    const text = 'firstname,lastname,note\r\n\r\nAlice,Aaa,"a, ""quoted"" note"\r\nBob,Bbb\nC,D,E,F\n\nÉve,E,\n';
    expect(importLines(text)).toEqual([
      { line: 3, fields: { firstname: 'Alice', lastname: 'Aaa', note: 'a, "quoted" note' } },
      { line: 4, errors: ['missing fields'] },
      { line: 5, errors: ['too many fields'] },
      { line: 7, fields: { firstname: 'Éve', lastname: 'E', note: '' } },
    ]);
  });

  it('finds nothing in an empty body or a header alone, and says when a quote is never closed', () => {
    expect(importLines('')).toEqual([]);
    expect(importLines('firstname,lastname\n')).toEqual([]);
    expect(importLines('a,b\n"x,y\n')).toEqual([{ line: 2, errors: ['a quoted field is not closed on its line'] }]);
    expect(importLines('"a,b\nx,y\n')).toEqual([
      { line: 1, errors: ['header: a quoted field is not closed on its line'] },
    ]);
  });
});
