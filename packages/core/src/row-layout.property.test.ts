import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDisplays, entryJson } from './display.js';
import { memoryLogger } from './testkit/index.js';
import { ResultBuilder } from './result-builder.js';
import { jsonString, RowLayout } from './row-layout.js';
import { emptyRelations, type SourceResult } from './source-result.js';

// Names shared by headers, format columns and display fields, so that they collide: a format column over a raw
// column, a display reading a format column or a column the row lacks, a header naming a column twice.
const name = fc.constantFrom('a', 'b', 'c', 'id', 'name', '__proto__', 'constructor');
// Values that JSON writes as they are, and values it escapes (quotes, backslashes, control characters, emoji,
// a lone surrogate), with spaces that a template trims.
const value = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('', ' ', 'Hélène', 'a"b', 'c\\d', 'tab\there', 'line\nbreak', '😀', '\ud800', '\u2028', ' x '),
);
const templateText = fc
  .array(
    fc.oneof(
      name.map((n) => `{${n}}`),
      fc.constantFrom(' ', '-', '{{', 'x', ''),
    ),
    { maxLength: 4 },
  )
  .map((parts) => parts.join(''));
const column = fc.record(
  {
    title: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
    field: fc.option(name, { nil: undefined }),
    type: fc.option(fc.constantFrom('name', 'number', 'favorite', 'personal'), { nil: undefined }),
    default: fc.option(fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)), { nil: undefined }),
  },
  { requiredKeys: [] },
);

/** The plain result the builder makes of the row: what every other backend gives the lookup route. */
function plain(layout: RowLayout, values: readonly string[]): SourceResult {
  const { fields, relations, source, backend, isPersonal } = layout.build(values);
  return { fields, relations, source, backend, isPersonal };
}

describe('a row written as a lookup entry straight from its values (property)', () => {
  it('writes exactly the JSON of the result built from the row, for any header, format columns and display', () => {
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 5 }),
        fc.array(value, { maxLength: 6 }),
        fc.dictionary(name, templateText, { maxKeys: 3 }),
        fc.option(name, { nil: undefined }),
        fc.array(column, { maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        (header, values, formats, unique, columns, favorite, isPersonal) => {
          const builder = new ResultBuilder({
            source: 'my "src"',
            backend: 'csv',
            uniqueColumn: unique,
            formatColumns: formats,
            isPersonal,
            logger: memoryLogger(),
          });
          const layout = new RowLayout(header, builder);
          const display = buildDisplays({ displays: { d: columns }, profile_to_display: { p: 'd' } }).get('p')!;
          const written = layout.entryJson(display, values, favorite);
          expect(written).toBe(entryJson(display, plain(layout, values), favorite));
          expect(JSON.parse(written)).toBeTypeOf('object');
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('quotes text as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), (text) => {
        expect(jsonString(text)).toBe(JSON.stringify(text));
      }),
    );
  });
});

describe('a row layout', () => {
  const builder = new ResultBuilder({
    source: 'phonebook',
    backend: 'csv',
    uniqueColumn: 'id',
    formatColumns: { name: '{firstname} {lastname}', reverse: '{name}' },
  });
  const layout = new RowLayout(['id', 'firstname', 'lastname', 'number'], builder);
  const display = buildDisplays({
    displays: {
      d: [
        { title: 'Name', field: 'name' },
        { title: 'Number', field: 'number', default: 'none' },
        { title: null, field: 'fav', type: 'favorite' },
      ],
    },
    profile_to_display: { p: 'd' },
  }).get('p')!;

  it('renders the format columns a display shows, one reading another before it', () => {
    expect(JSON.parse(layout.entryJson(display, ['7', 'Zoé', 'Lœuf', '1001'], true))).toEqual({
      column_values: ['Zoé Lœuf', '1001', true],
      relations: emptyRelations('7'),
      source: 'phonebook',
      backend: 'csv',
    });
    expect(layout.build(['7', 'Zoé', 'Lœuf']).fields).toEqual({
      id: '7',
      firstname: 'Zoé',
      lastname: 'Lœuf',
      name: 'Zoé Lœuf',
      reverse: 'Zoé Lœuf',
    });
  });

  it("gives a short row's missing column its default, and an id-less row a null source_entry_id", () => {
    expect(JSON.parse(layout.entryJson(display, ['7', 'Zoé'], false)).column_values).toEqual(['Zoé', 'none', false]);
    expect(JSON.parse(layout.entryJson(display, [], false)).relations.source_entry_id).toBeNull();
  });
});
