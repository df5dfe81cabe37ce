import { describe, expect, it } from 'vitest';
import { checkSelectQuery, quoteIdentifier, tableReference } from './sql-text.js';

describe('identifiers', () => {
  it('quotes names in backticks, doubling a backtick inside', () => {
    expect(quoteIdentifier('first name')).toBe('`first name`');
    expect(quoteIdentifier('a`; DROP TABLE t; --')).toBe('`a``; DROP TABLE t; --`');
    expect(() => quoteIdentifier('')).toThrow(/not a usable/);
  });

  it('reads database.table as two names', () => {
    expect(tableReference('crm.people')).toBe('`crm`.`people`');
    expect(tableReference('people')).toBe('`people`');
  });
});

describe('checkSelectQuery', () => {
  it('accepts one SELECT or WITH … SELECT, and drops trailing semicolons and comments', () => {
    expect(checkSelectQuery('SELECT id FROM t;  ')).toBe('SELECT id FROM t');
    expect(checkSelectQuery("select id from t where name = 'a;b' -- c;d")).toBe("select id from t where name = 'a;b'");
    expect(checkSelectQuery('WITH x AS (SELECT 1 AS id) SELECT id FROM x')).toBe(
      'WITH x AS (SELECT 1 AS id) SELECT id FROM x',
    );
    expect(checkSelectQuery('(SELECT `into` FROM t)')).toBe('(SELECT `into` FROM t)');
    expect(checkSelectQuery("/* list */ SELECT 'x''; DELETE' AS y")).toBe("/* list */ SELECT 'x''; DELETE' AS y");
  });

  it('refuses statement chains, other statements, SELECT … INTO and executable comments', () => {
    expect(() => checkSelectQuery('SELECT 1; DELETE FROM t')).toThrow(/query: only one statement is allowed/);
    expect(() => checkSelectQuery('UPDATE t SET a = 1')).toThrow(/query: it starts with UPDATE/);
    expect(() => checkSelectQuery('SELECT * FROM t INTO OUTFILE "/tmp/x"')).toThrow(/INTO writes/);
    expect(() => checkSelectQuery('SELECT 1 /*!; DROP TABLE t */')).toThrow(/executable comments/);
    expect(() => checkSelectQuery("SELECT 'open")).toThrow(/unterminated ' quote/);
    expect(() => checkSelectQuery('-- nothing')).toThrow(/starts with no keyword/);
  });
});
