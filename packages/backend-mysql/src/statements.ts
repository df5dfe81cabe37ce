import { isPhoneNumberText } from '@dird/core';
import { quoteIdentifier } from './sql-text.js';

/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | null;

/** One SQL statement and the values bound to its `?` placeholders. */
export interface Statement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** What {@link Statements} builds from: a checked source shape and the source config. */
export interface StatementsOptions {
  /** The FROM clause: a quoted table reference, or a parenthesised `query`. */
  readonly from: string;
  readonly selected: readonly string[];
  readonly searched: readonly string[];
  readonly firstMatched: readonly string[];
  readonly uniqueColumn?: string;
  /** MariaDB and MySQL spell the per-statement time limit differently. */
  readonly mariadb: boolean;
  readonly queryTimeoutMs: number;
  /** Also compare first_matched_columns with everything but digits and `+` removed. */
  readonly normalizeNumbers: boolean;
}

/** The most values bound in one IN list; longer id lists are split. */
const MAX_IN = 256;
/** The LIKE escape character: not `\`, whose meaning in string literals depends on the sql_mode. */
const ESCAPE = '!';
const NOT_DIALABLE = "'[^0-9+]'";
/** A value that starts, after blanks, with `+`: an international number, whose `(0)` trunk hint is dropped. */
const INTERNATIONAL = "'^[[:space:]]*[+]'";

/**
 * The number with its formatting removed, as `normalize_numbers` compares it: an international number's `(0)`
 * trunk hint dropped (`+49 (0)30 1234567` → `+49301234567`, as core's normalizeNumber does), then everything
 * but digits and `+`. {@link dialableSql} is the same in SQL.
 */
export function dialable(number: string): string {
  const text = /^\s*\+/.test(number) ? number.replace(/\(0\)/g, '') : number;
  return text.replace(/[^0-9+]/g, '');
}

/** {@link dialable} as SQL over `column` (a quoted identifier), as in the generated column of the docs. */
export function dialableSql(column: string): string {
  const hintless = `CASE WHEN ${column} REGEXP ${INTERNATIONAL} THEN REPLACE(${column}, '(0)', '') ELSE ${column} END`;
  return `REGEXP_REPLACE(${hintless}, ${NOT_DIALABLE}, '')`;
}

/**
 * An integer bound as text: mysql2 sends a JavaScript number as a DOUBLE, which MySQL ≥ 8.0.22 refuses where
 * an integer is expected (`LIMIT ?`: "Incorrect arguments to mysqld_stmt_execute"); text is read as an integer
 * by MySQL and MariaDB alike.
 */
export function integerParam(n: number): string {
  return String(Math.max(0, Math.trunc(n)));
}

/** `KILL QUERY <id>`, the checked id written in (not bound: see {@link integerParam}); null for a bad id. */
export function killQuery(threadId: number): Statement | null {
  if (!Number.isSafeInteger(threadId) || threadId <= 0) return null;
  return { sql: `KILL QUERY ${threadId}`, params: [] };
}

/**
 * Builds the statements of a source. Config names are quoted identifiers and every request value is a bound
 * parameter; the only literals are constants of this file and the configured time limit (a number).
 */
export class Statements {
  private readonly select: string;
  private readonly orderBy: string;

  constructor(private readonly options: StatementsOptions) {
    const order = options.uniqueColumn ? [options.uniqueColumn] : options.searched;
    this.select = `SELECT ${options.selected.map(quoteIdentifier).join(', ')} FROM ${options.from} AS dird_src`;
    this.orderBy = order.length > 0 ? ` ORDER BY ${order.map(quoteIdentifier).join(', ')}` : '';
  }

  /** Rows where a searched column contains `term` (LIKE, folded by the column collation); null: nothing to search. */
  search(term: string, limit?: number, offset?: number): Statement | null {
    const { searched } = this.options;
    if (searched.length === 0) return null;
    const where =
      term === ''
        ? ''
        : ` WHERE ${searched.map((c) => `${quoteIdentifier(c)} LIKE ? ESCAPE '${ESCAPE}'`).join(' OR ')}`;
    const params: SqlValue[] = term === '' ? [] : searched.map(() => likeContaining(term));
    const skip = offset !== undefined && offset > 0 ? integerParam(offset) : undefined;
    // OFFSET needs a LIMIT: without one, the largest row count MySQL and MariaDB take.
    const rows =
      limit !== undefined && Number.isFinite(limit)
        ? integerParam(limit)
        : skip !== undefined
          ? '18446744073709551615'
          : undefined;
    if (rows !== undefined) params.push(rows);
    if (skip !== undefined) params.push(skip);
    const paging = rows === undefined ? '' : skip === undefined ? ' LIMIT ?' : ' LIMIT ? OFFSET ?';
    return this.statement(`${where}${this.orderBy}${paging}`, params);
  }

  /** The first row whose first-matched column equals one of `candidates`; null: nothing to compare. */
  firstMatch(candidates: readonly string[]): Statement | null {
    const exact = [...new Set(candidates.filter((c) => c !== ''))];
    // Only values written as phone numbers are compared by their digits (`sip:1234@pbx` is not 1234).
    const digits = this.options.normalizeNumbers
      ? [
          ...new Set(
            exact
              .filter(isPhoneNumberText)
              .map(dialable)
              .filter((c) => c !== ''),
          ),
        ]
      : [];
    const { firstMatched } = this.options;
    if (firstMatched.length === 0 || exact.length === 0) return null;
    const tests: string[] = [];
    const params: SqlValue[] = [];
    for (const column of firstMatched) {
      tests.push(`${quoteIdentifier(column)} IN (${placeholders(exact, params)})`);
    }
    if (digits.length > 0) {
      for (const column of firstMatched) {
        tests.push(`${dialableSql(quoteIdentifier(column))} IN (${placeholders(digits, params)})`);
      }
    }
    return this.statement(` WHERE ${tests.join(' OR ')}${this.orderBy} LIMIT 1`, params);
  }

  /** Rows whose unique column is one of `ids`, one statement per {@link MAX_IN} ids; none without a unique column. */
  list(ids: readonly string[]): Statement[] {
    const { uniqueColumn } = this.options;
    if (!uniqueColumn) return [];
    const unique = [...new Set(ids)];
    const out: Statement[] = [];
    for (let i = 0; i < unique.length; i += MAX_IN) {
      const params: SqlValue[] = [];
      const list = placeholders(unique.slice(i, i + MAX_IN), params);
      out.push(this.statement(` WHERE ${quoteIdentifier(uniqueColumn)} IN (${list})${this.orderBy}`, params));
    }
    return out;
  }

  private statement(rest: string, params: SqlValue[]): Statement {
    return { sql: this.timed(this.select + rest), params };
  }

  /** The statement with the server-side time limit, so the server itself stops a query at query_timeout. */
  private timed(select: string): string {
    const ms = Math.max(1, Math.round(this.options.queryTimeoutMs));
    if (this.options.mariadb) return `SET STATEMENT max_statement_time=${ms / 1000} FOR ${select}`;
    return `SELECT /*+ MAX_EXECUTION_TIME(${ms}) */${select.slice('SELECT'.length)}`;
  }
}

/** `%term%` with the LIKE wildcards of the term (and the escape character) escaped, so they match literally. */
export function likeContaining(term: string): string {
  return `%${term.replace(/[!%_]/g, (c) => ESCAPE + c)}%`;
}

/**
 * Placeholders for `values`, appended to `params`. The count is rounded up to a power of two (the extra
 * values are NULL, which IN never matches), so a few prepared statements serve every list length.
 */
function placeholders(values: readonly string[], params: SqlValue[]): string {
  let size = 1;
  while (size < values.length) size *= 2;
  for (let i = 0; i < size; i++) params.push(i < values.length ? values[i] : null);
  return new Array(size).fill('?').join(', ');
}
