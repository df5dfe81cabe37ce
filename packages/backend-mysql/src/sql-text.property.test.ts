import { ConfigError } from '@dird/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSelectQuery, quoteIdentifier, tableReference } from './sql-text.js';
import { likeContaining, Statements } from './statements.js';

/** Reads a backtick-quoted identifier back the way MySQL does (a doubled backtick is one); null when malformed. */
function unquote(quoted: string): string | null {
  const m = /^`((?:[^`]|``)*)`$/.exec(quoted);
  return m ? m[1].replace(/``/g, '`') : null;
}

/** SQL LIKE with ESCAPE '!', as the server reads the pattern: `%` any run, `_` one character, `!x` x itself. */
function like(value: string, pattern: string): boolean {
  let re = '';
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '!' && i + 1 < chars.length) re += escapeRegExp(chars[++i]);
    else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += escapeRegExp(c);
  }
  return new RegExp(`^${re}$`, 'su').test(value);
}
const escapeRegExp = (c: string) => c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 16 }),
  fc
    .array(fc.constantFrom('%', '_', '!', '\\', "'", '"', '`', 'a', 'é', ' ', '😀', '%_'), { maxLength: 10 })
    .map((p) => p.join('')),
);

describe('SQL text (property)', () => {
  it('quotes any usable name so that it reads back as itself, one identifier', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), (name) => {
        fc.pre(!name.includes('\0'));
        expect(unquote(quoteIdentifier(name))).toBe(name);
      }),
    );
  });

  it('splits database.table at the first dot only, each side quoted', () => {
    fc.assert(
      fc.property(text, text, (db, table) => {
        fc.pre(db !== '' && table !== '' && !db.includes('.') && !`${db}${table}`.includes('\0'));
        expect(tableReference(`${db}.${table}`)).toBe(`${quoteIdentifier(db)}.${quoteIdentifier(table)}`);
      }),
    );
  });

  it('makes a LIKE pattern that matches exactly the values containing the term', () => {
    fc.assert(
      fc.property(text, text, text, (term, before, after) => {
        const pattern = likeContaining(term);
        expect(like(`${before}${term}${after}`, pattern)).toBe(true);
        expect(like(before, pattern)).toBe(before.includes(term));
      }),
      { numRuns: 500 },
    );
  });

  it('binds the term: the SQL text is the same for every term', () => {
    const statements = new Statements({
      from: '`contacts`',
      selected: ['id', 'name'],
      searched: ['name', 'company'],
      firstMatched: ['phone'],
      uniqueColumn: 'id',
      mariadb: true,
      queryTimeoutMs: 1000,
      normalizeNumbers: true,
    });
    const reference = statements.search('x', 10)!.sql;
    fc.assert(
      fc.property(text, (term) => {
        fc.pre(term !== '');
        const search = statements.search(term, 10)!;
        expect(search.sql).toBe(reference);
        expect(search.params.slice(0, 2)).toEqual([likeContaining(term), likeContaining(term)]);
      }),
    );
  });

  it('checks any query text with a ConfigError or accepts it, never another error', () => {
    const sqlish = fc
      .array(
        fc.constantFrom(
          'SELECT',
          ' ',
          'a',
          "'",
          '"',
          '`',
          ';',
          '--',
          '#',
          '/*',
          '*/',
          '/*!',
          '\\',
          '\n',
          'INTO',
          '(',
          'WITH',
        ),
        { maxLength: 14 },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), sqlish), (query) => {
        try {
          const checked = checkSelectQuery(query);
          expect(query.startsWith(checked)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
