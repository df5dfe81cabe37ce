import { emptyRelations, type SourceResult } from '@dird/core';
import { memoryLogger } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { compareCodePoints, normalizePhoneNumber, phoneEntries } from './entries.js';
import { PhoneDisplays } from './phone-displays.js';

function result(fields: Record<string, unknown>): SourceResult {
  return { source: 's', backend: 'csv', fields, relations: emptyRelations(), isPersonal: false };
}

/** The display of phone profile `p`, built as the view builds it. */
function display(name: string[], number: { field: string[]; name_format?: string }[]) {
  return new PhoneDisplays(
    { displays_phone: { d: { name, number } }, profile_to_display_phone: { p: 'd' } },
    memoryLogger(),
  ).get('p');
}

describe('normalizePhoneNumber', () => {
  it.each([
    ['+33(0)123456789', '0033123456789'],
    ['+33 (0)1 23 45 67 89', '0033123456789'],
    ['+1 418-555-0199', '+14185550199'],
    ['(01) 23-45', '012345'],
    ['*12#', '*12#'],
    ['+33(0)1(2)3', '+330123'],
    ['abc', ''],
    ['sip:', ''],
    ['١٢٣', ''],
  ])('%s becomes %s', (raw, expected) => {
    expect(normalizePhoneNumber(raw)).toBe(expected);
  });
});

describe('phoneEntries', () => {
  it('names each contact by its first non-empty name candidate, and gives one entry per number', () => {
    const d = display(
      ['display_name', 'firstname'],
      [{ field: ['phone', 'phone1'] }, { field: ['mobile'], name_format: '{name} (Mobile)' }],
    );
    const entries = phoneEntries(
      [
        result({ display_name: '', firstname: 'Alice', phone: '', phone1: '+33(0)123456789', mobile: '06 01' }),
        result({ display_name: 'Bob', firstname: 'Robert', phone: '1234', mobile: '' }),
      ],
      d,
    );
    expect(entries).toEqual([
      { name: 'Alice', number: '0033123456789' },
      { name: 'Alice (Mobile)', number: '0601' },
      { name: 'Bob', number: '1234' },
    ]);
  });

  it('leaves out a contact without a name, and a number that normalises to nothing', () => {
    const d = display(['name'], [{ field: ['phone'] }, { field: ['mobile'] }]);
    expect(
      phoneEntries([result({ name: '', phone: '1' }), result({ name: 'Carl', phone: 'n/a', mobile: '42' })], d),
    ).toEqual([{ name: 'Carl', number: '42' }]);
  });

  it('reads numbers, lists (the first value) and leaves null or objects out', () => {
    const d = display(['name'], [{ field: ['phone'] }, { field: ['other'] }]);
    expect(
      phoneEntries(
        [result({ name: ['Dora', 'D.'], phone: 5551234, other: { x: 1 } }), result({ name: null, phone: '9' })],
        d,
      ),
    ).toEqual([{ name: 'Dora', number: '5551234' }]);
  });

  it('formats with {name} and {number}, braces written twice being literal', () => {
    const d = display(['name'], [{ field: ['phone'], name_format: '{{{name}}} {number}' }]);
    expect(phoneEntries([result({ name: 'Eve', phone: '+1 (0)22' })], d)).toEqual([
      { name: '{Eve} 00122', number: '00122' },
    ]);
  });

  it('sorts by name then number, case-sensitive, in code-point order', () => {
    const d = display(['name'], [{ field: ['phone'] }]);
    const names = ['bob', 'Bob', 'Bob', 'Émile', 'Zoé', '\u{1F600} smile', '\uFF21 wide'];
    const phones = ['1', '3', '2', '4', '5', '6', '7'];
    const entries = phoneEntries(
      names.map((name, i) => result({ name, phone: phones[i] })),
      d,
    );
    expect(entries.map((e) => `${e.name}/${e.number}`)).toEqual([
      'Bob/2',
      'Bob/3',
      'Zoé/5',
      'bob/1',
      'Émile/4',
      '\uFF21 wide/7',
      '\u{1F600} smile/6',
    ]);
  });
});

describe('compareCodePoints', () => {
  it('orders a character above U+FFFF after U+FFxx, unlike UTF-16 comparison', () => {
    expect('\u{10000}' < '\uFF21').toBe(true);
    expect(compareCodePoints('\u{10000}', '\uFF21')).toBeGreaterThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('same', 'same')).toBe(0);
  });
});
