import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contains, escapeFilterValue, filterToString, type LdapFilter } from './filter.js';
import { FilterSyntaxError, parseFilterTemplate } from './filter-parser.js';
import { fillTemplate } from './filter-template.js';
import { SourceFilters } from './source-filters.js';

/** Terms a user may type: any Unicode, with the filter specials and `%Q` made frequent. */
const term = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc
    .array(fc.constantFrom('*', '(', ')', '\\', '\0', '%Q', '%', 'a', 'é', '😀', ' ', '\\2a', '=', '|', '&'), {
      maxLength: 12,
    })
    .map((parts) => parts.join('')),
);

/**
 * A filter as its text form reads back: printed, then parsed. The parser takes `%Q` in a value for the term's
 * slot (the printed form leaves `%` unescaped): filling the slots with `%Q` itself gives the text back.
 */
const reparsed = (filter: LdapFilter): LdapFilter => fillTemplate(parseFilterTemplate(filterToString(filter)), '%Q');

/** The filter with every value replaced by a marker: its structure only. */
function shape(filter: LdapFilter): unknown {
  return JSON.parse(
    JSON.stringify(filter, (key, v: unknown) =>
      key === 'value' || key === 'initial' || key === 'final'
        ? 'V'
        : key === 'any'
          ? (v as unknown[]).map(() => 'V')
          : v,
    ),
  );
}

describe('LDAP filter escaping (property)', () => {
  it('escapes any value to printable ASCII with no bare *, ( or ), which reads back as the same bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          term,
          fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b)),
        ),
        (value) => {
          const escaped = escapeFilterValue(value);
          expect(escaped).toMatch(/^(?:[\x20-\x7e]*)$/);
          expect(escaped.replace(/\\[0-9a-f]{2}/g, '')).not.toMatch(/[*()\\]/);
          const filter = fillTemplate(parseFilterTemplate(`(cn=${escaped})`), '%Q');
          expect(filter).toEqual({ type: 'equality', attribute: 'cn', value: Buffer.from(value) });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('prints a "contains" filter that reads back as itself: the term is one substring, never syntax', () => {
    fc.assert(
      fc.property(term, (t) => {
        const filter = contains('cn', t);
        expect(reparsed(filter)).toEqual(filter);
        if (t !== '') expect(filter).toEqual({ type: 'substrings', attribute: 'cn', any: [Buffer.from(t)] });
      }),
      { numRuns: 500 },
    );
  });

  it('fills %Q slots of a custom filter with data only: the structure is the same for every term', () => {
    const sources = new SourceFilters({
      searchedColumns: ['cn', 'mail'],
      firstMatchedColumns: ['telephoneNumber'],
      customFilter: '(&(objectClass=person)(!(l=x%Qy))(|(sn=%Q*)(givenName=*a%Qb*)(o=%Q)))',
      binaryUuid: false,
    });
    const reference = shape(sources.search('reference')!);
    fc.assert(
      fc.property(term, (t) => {
        fc.pre(t !== '');
        const filter = sources.search(t)!;
        expect(shape(filter)).toEqual(reference);
        expect(reparsed(filter)).toEqual(filter);
        const numbers = sources.firstMatch([t, `${t}1`])!;
        expect(reparsed(numbers)).toEqual(numbers);
      }),
      { numRuns: 300 },
    );
  });

  it('parses any text into a filter or refuses it with a FilterSyntaxError, nothing else', () => {
    const filterish = fc
      .array(
        fc.constantFrom(
          '(',
          ')',
          '&',
          '|',
          '!',
          '=',
          '*',
          '~=',
          '>=',
          ':',
          'dn',
          'cn',
          '\\',
          '2a',
          '%Q',
          ' ',
          'é',
          '1.2',
        ),
        {
          maxLength: 16,
        },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), filterish), (text) => {
        try {
          const template = parseFilterTemplate(text);
          // What parses prints and parses again the same.
          const filter = fillTemplate(template, 'x');
          expect(reparsed(filter)).toEqual(filter);
        } catch (err) {
          expect(err).toBeInstanceOf(FilterSyntaxError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
