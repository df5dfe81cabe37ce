import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDisplays, entryJson } from './display.js';
import { memoryLogger } from './testkit/index.js';
import { ResultBuilder } from './result-builder.js';
import { JsonAnswer } from './json-answer.js';
import { PreparedEntries } from './prepared-entries.js';
import { jsonString, needsJsonEscape, RowLayout } from './row-layout.js';
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
      fc.constantFrom(' ', '-', '{{', 'x', '', '"q"', '\\'),
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
          // What is prepared at load: the same text once the pieces are joined with the flag.
          const pieces = layout.entryPieces(display, values);
          expect(pieces).toHaveLength(display.plan.filter((step) => step.kind === 'favorite').length + 1);
          expect(pieces.join(String(favorite))).toBe(written);
          // One field at a time (a phone view's reads): the same as the built result's own fields.
          const built = plain(layout, values).fields;
          const read = (row: readonly string[], column: number) => {
            expect(Number.isInteger(column) && column >= 0).toBe(true);
            return row[column];
          };
          for (const field of [...header, ...Object.keys(formats), 'absent', 'constructor']) {
            const own = Object.hasOwn(built, field) ? built[field] : undefined;
            expect(layout.fieldOf(values, field), field).toEqual(own);
          }
          // A favorite flag's relations, read one value at a time (a row kept as a line): the same as from the
          // split row, reading only columns the row has.
          const { relations } = plain(layout, values);
          expect(layout.relationsReading(values, read)).toEqual(relations);
          expect(layout.entryIdReading(values, read)).toBe(relations.source_entry_id);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("writes a row's fields as the JSON.stringify of the built result's fields (a reverse answer)", () => {
    // Integer-like names too: JSON.stringify writes those keys first, in numeric order.
    const key = fc.oneof(name, fc.constantFrom('0', '7', '10', '01', 'reverse'));
    fc.assert(
      fc.property(
        fc.array(key, { minLength: 1, maxLength: 6 }),
        fc.array(value, { maxLength: 7 }),
        fc.dictionary(key, templateText, { maxKeys: 4 }),
        (header, values, formats) => {
          const builder = new ResultBuilder({ source: 's', backend: 'csv', formatColumns: formats });
          const layout = new RowLayout(header, builder);
          const written = layout.fieldsJson(values);
          expect(written).toBe(JSON.stringify(layout.build(values).fields));
          // Asked again (its plan kept per row length): the same.
          expect(layout.fieldsJson(values)).toBe(written);
          // Told the row's text has nothing JSON escapes (as a CSV source says of a line without one): the same
          // text, whatever the format columns' own text holds.
          if (!needsJsonEscape(values.join(','))) expect(layout.fieldsJson(values, true)).toBe(written);
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

describe('entries prepared at load, copied into an answer (property)', () => {
  it('answers the same bytes as the entries written per request, for any rows, display, picks and flags', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(value, { maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.array(column, { maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 10 }),
        async (rows, columns, picks) => {
          const builder = new ResultBuilder({
            source: 'src',
            backend: 'csv',
            uniqueColumn: 'id',
            formatColumns: { name: '{a} {b}' },
            logger: memoryLogger(),
          });
          const layout = new RowLayout(['id', 'a', 'b', 'c'], builder);
          const display = buildDisplays({ displays: { d: columns }, profile_to_display: { p: 'd' } }).get('p')!;
          const favorites = display.plan.filter((step) => step.kind === 'favorite').length;
          const prepared = await PreparedEntries.build(rows.length, favorites, (row) =>
            layout.entryPieces(display, rows[row]),
          );
          const answer = new JsonAnswer();
          answer.text(display.answerHead);
          const expected: string[] = [];
          picks.forEach(([pick, favorite], i) => {
            const row = pick % rows.length;
            if (i > 0) answer.comma();
            prepared.write(answer, row, favorite);
            expected.push(layout.entryJson(display, rows[row], favorite));
          });
          answer.text('],"term":"é"}');
          const text = `${display.answerHead}${expected.join(',')}],"term":"é"}`;
          const bytes = answer.toBuffer();
          expect(bytes.toString('utf8')).toBe(text);
          expect(answer.byteLength).toBe(Buffer.byteLength(text));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps entries across its buffers and one larger than a buffer, non-ASCII text included', async () => {
    const builder = new ResultBuilder({ source: 'big', backend: 'csv', uniqueColumn: 'id' });
    const layout = new RowLayout(['id', 'name'], builder);
    const display = buildDisplays({
      displays: { d: [{ field: 'name' }, { field: 'fav', type: 'favorite' }] },
      profile_to_display: { p: 'd' },
    }).get('p')!;
    // 12,000 rows of about 1 KB in buffers of 2 MiB (more than one), then one row of 9 MB (a buffer of its own).
    const rows = Array.from({ length: 12_000 }, (_, i) => [String(i), `Zoé ${i} ${'ß'.repeat(500)}`]);
    rows.push(['big', 'ç'.repeat(4_500_000)]);
    const prepared = await PreparedEntries.build(rows.length, 1, (row) => layout.entryPieces(display, rows[row]), {
      chunkBytes: 2 * 1024 * 1024,
    });
    expect(prepared.heldBytes).toBeGreaterThan(prepared.byteLength);
    expect(prepared.size).toBe(rows.length);
    for (const row of [0, 1, 8_000, 11_999, 12_000]) {
      for (const favorite of [false, true]) {
        const answer = new JsonAnswer();
        prepared.write(answer, row, favorite);
        expect(answer.toBuffer().toString('utf8')).toBe(layout.entryJson(display, rows[row], favorite));
      }
    }
    // Rows that follow each other: their entries and the comma between them.
    const answer = new JsonAnswer();
    for (let row = 7_000; row < 9_000; row++) {
      if (row > 7_000) answer.comma();
      prepared.write(answer, row, row % 3 === 0);
    }
    const expected = rows
      .slice(7_000, 9_000)
      .map((values, i) => layout.entryJson(display, values, (7_000 + i) % 3 === 0));
    expect(answer.toBuffer().toString('utf8')).toBe(expected.join(','));
  });
});

describe('entries a reload keeps from the version in service (property)', () => {
  const builder = new ResultBuilder({ source: 'src', backend: 'csv', uniqueColumn: 'id', formatColumns: {} });
  const layout = new RowLayout(['id', 'a', 'b', 'c'], builder);
  const display = buildDisplays({
    displays: {
      d: [{ field: 'a' }, { field: 'fav', type: 'favorite' }, { field: 'b' }],
    },
    profile_to_display: { p: 'd' },
  }).get('p')!;
  const entries = (rows: readonly (readonly string[])[], options = {}) =>
    PreparedEntries.build(rows.length, 1, (row) => layout.entryPieces(display, rows[row]), {
      // Above the 64 KiB a buffer is trimmed from: the previous version's is exactly its entries.
      chunkBytes: 128 * 1024,
      ...options,
    });
  /** Every row written in turn (flags by `favorite`), commas between: what a lookup of them all answers. */
  const all = (prepared: PreparedEntries, n: number, favorite: (row: number) => boolean) => {
    const answer = new JsonAnswer();
    for (let row = 0; row < n; row++) {
      if (row > 0) answer.comma();
      prepared.write(answer, row, favorite(row));
    }
    return answer.toBuffer().toString('utf8');
  };

  it('answers each row of the new version as written from its own values, kept or written again', async () => {
    let keptRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(value, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
        // Each step of the new file: keep the next old row (most often, as in a real reload), drop it, or add a row.
        fc.array(
          fc.oneof(
            { arbitrary: fc.constant('keep'), weight: 8 },
            { arbitrary: fc.constant('drop'), weight: 1 },
            { arbitrary: fc.array(value, { maxLength: 4 }), weight: 1 },
          ),
          { maxLength: 50 },
        ),
        async (oldRows, steps) => {
          const before = await entries(oldRows);
          const newRows: (readonly string[])[] = [];
          const from: number[] = [];
          let at = 0;
          for (const step of steps) {
            if (step === 'drop') at++;
            else if (step === 'keep') {
              if (at < oldRows.length) {
                newRows.push(oldRows[at]);
                from.push(at++);
              }
            } else {
              newRows.push(step);
              from.push(-1);
            }
          }
          const after = await entries(newRows, { reuse: { entries: before, previousRows: Int32Array.from(from) } });
          expect(after.size).toBe(newRows.length);
          for (const favorite of [(row: number) => row % 2 === 0, () => false, () => true]) {
            const expected = newRows.map((values, row) => layout.entryJson(display, values, favorite(row)));
            expect(all(after, newRows.length, favorite)).toBe(expected.join(','));
          }
          // Kept or written again, the same bytes as a fresh version of the new file.
          const fresh = await entries(newRows);
          expect(after.byteLength).toBe(fresh.byteLength);
          // The previous version's buffer is kept when at least 4/5 of its bytes are still read (then it is held
          // beside what was written), else every entry is written again.
          const keptBytes = from.reduce(
            (sum, row) => (row < 0 ? sum : sum + Buffer.byteLength(layout.entryJson(display, oldRows[row], false)) + 1),
            0,
          );
          const reused = keptBytes >= before.heldBytes * 0.8;
          if (reused) keptRuns++;
          if (reused) expect(after.heldBytes).toBeGreaterThanOrEqual(before.heldBytes);
          else expect(after.heldBytes).toBe(fresh.heldBytes);
        },
      ),
      { numRuns: 500 },
    );
    // Both ways were taken, the kept one often.
    expect(keptRuns).toBeGreaterThan(40);
  });

  it('writes every entry again when more than a fifth of the buffer it would keep is rows gone', async () => {
    const oldRows = Array.from({ length: 200 }, (_, i) => [String(i), `name ${i}`, `x${'y'.repeat(i % 7)}`, 'c']);
    const before = await entries(oldRows, { chunkBytes: 1024 * 1024 });
    expect(before.heldBytes).toBe(before.byteLength);
    // 150 rows of 200 are still there: a quarter of the buffer would be read by no row.
    const newRows = oldRows.slice(0, 150);
    const previousRows = Int32Array.from(newRows, (_, i) => i);
    const after = await entries(newRows, { chunkBytes: 1024 * 1024, reuse: { entries: before, previousRows } });
    expect(after.heldBytes).toBe(after.byteLength);
    expect(all(after, 150, () => false)).toBe(newRows.map((v) => layout.entryJson(display, v, false)).join(','));
    // With 170 of 200 still there, their bytes are kept where they are.
    const most = oldRows.slice(0, 170);
    const kept = await entries(most, {
      chunkBytes: 1024 * 1024,
      reuse: { entries: before, previousRows: Int32Array.from(most, (_, i) => i) },
    });
    expect(kept.heldBytes).toBe(before.heldBytes);
    expect(all(kept, 170, (row) => row === 3)).toBe(
      most.map((v, row) => layout.entryJson(display, v, row === 3)).join(','),
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
