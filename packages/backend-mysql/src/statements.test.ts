import { describe, expect, it } from 'vitest';
import { dialable, dialableSql, integerParam, killQuery, Statements, type StatementsOptions } from './statements.js';

const statements = (options: Partial<StatementsOptions> = {}) =>
  new Statements({
    from: '`contacts`',
    selected: ['id', 'name', 'phone'],
    searched: ['name'],
    firstMatched: ['phone'],
    uniqueColumn: 'id',
    mariadb: false,
    queryTimeoutMs: 3000,
    normalizeNumbers: false,
    ...options,
  });

describe('integers sent to the server', () => {
  it('binds the LIMIT as text: mysql2 sends a number as DOUBLE, which MySQL >= 8.0.22 refuses for LIMIT ?', () => {
    const search = statements().search('al', 25)!;
    expect(search.sql).toMatch(/ LIMIT \?$/);
    expect(search.params).toEqual(['%al%', '25']);
    expect(statements().search('', 0)!.params).toEqual(['0']);
    expect(statements().search('', 2.7)!.params).toEqual(['2']);
    expect(statements().search('', Infinity)!.sql).not.toContain('LIMIT');
    for (const param of statements().search('x', 10)!.params) expect(typeof param).not.toBe('number');
  });

  it('writes the thread id of KILL QUERY as a checked integer, never a bound number', () => {
    expect(killQuery(42)).toEqual({ sql: 'KILL QUERY 42', params: [] });
    for (const bad of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) expect(killQuery(bad)).toBeNull();
    expect(integerParam(7)).toBe('7');
  });
});

describe('normalize_numbers', () => {
  it('drops the (0) trunk hint of an international number before stripping, as core normalizeNumber does', () => {
    expect(dialable('+49 (0)30 1234567')).toBe('+49301234567');
    expect(dialable('  +33 (0)1 23 45 67 89')).toBe('+33123456789');
    expect(dialable('(0)30 1234567')).toBe('0301234567');
    expect(dialable('01.23.45.67.89')).toBe('0123456789');
  });

  it('compares the same expression in SQL', () => {
    const { sql, params } = statements({ normalizeNumbers: true }).firstMatch(['+49 (0)30 1234567'])!;
    expect(sql).toContain(`${dialableSql('`phone`')} IN (?)`);
    expect(dialableSql('`phone`')).toBe(
      "REGEXP_REPLACE(CASE WHEN `phone` REGEXP '^[[:space:]]*[+]' THEN REPLACE(`phone`, '(0)', '') ELSE `phone` END, '[^0-9+]', '')",
    );
    expect(params).toEqual(['+49 (0)30 1234567', '+49301234567']);
  });

  it('compares a caller id not written as a number exactly, not by its digits', () => {
    const { sql, params } = statements({ normalizeNumbers: true }).firstMatch(['sip:1234@pbx.example'])!;
    expect(params).toEqual(['sip:1234@pbx.example']);
    expect(sql).not.toContain('REGEXP_REPLACE');
  });
});
