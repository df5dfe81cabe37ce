import { ConfigError } from '@dird/core';

/** A MySQL identifier in backticks (a backtick inside doubled), so any config name is read as a name only. */
export function quoteIdentifier(name: string): string {
  if (name === '' || name.includes('\0')) throw new ConfigError(`"${name}" is not a usable column or table name`);
  return '`' + name.replace(/`/g, '``') + '`';
}

/** The quoted form of `table` or `database.table`. */
export function tableReference(table: string): string {
  const dot = table.indexOf('.');
  if (dot < 0) return quoteIdentifier(table);
  return `${quoteIdentifier(table.slice(0, dot))}.${quoteIdentifier(table.slice(dot + 1))}`;
}

/**
 * Checks that `query` is one read-only SELECT (or WITH … SELECT) and returns it without trailing `;`. The
 * server has the last word (dird runs the query as a derived table, where nothing but a SELECT parses); this
 * check gives the common mistakes a clear message even while the server is down.
 */
export function checkSelectQuery(query: string): string {
  const code = codeOnly(query);
  const bad = (why: string): never => {
    throw new ConfigError(`${why}; it must be a single read-only SELECT`, { key: 'query' });
  };
  const end = code.replace(/[\s;]+$/, '').length;
  const semicolon = code.slice(0, end).indexOf(';');
  if (semicolon >= 0) bad(`only one statement is allowed (";" at offset ${semicolon})`);
  const first = /^[\s(]*([A-Za-z]+)/.exec(code)?.[1]?.toUpperCase();
  if (first !== 'SELECT' && first !== 'WITH') bad(`it starts with ${first ?? 'no keyword'}`);
  // INTO is the one way a SELECT writes (INTO OUTFILE, INTO DUMPFILE, INTO @variable).
  if (/\bINTO\b/i.test(code)) bad('SELECT … INTO writes');
  return query.slice(0, end);
}

/**
 * `sql` with string literals and quoted names filled with `_`, and comments with spaces (same length, so
 * offsets hold). An executable comment (`/*! … *\/`) is code to the server, so it is refused rather than blanked.
 */
function codeOnly(sql: string): string {
  let out = '';
  let i = 0;
  const blank = (to: number, filler = ' ') => {
    out += filler.repeat(to - i);
    i = to;
  };
  while (i < sql.length) {
    const ch = sql[i];
    const two = sql.slice(i, i + 2);
    if (ch === "'" || ch === '"' || ch === '`') blank(closingQuote(sql, i), '_');
    else if (two === '/*') {
      if (/^\/\*[!M]/.test(sql.slice(i, i + 3))) {
        throw new ConfigError('executable comments (/*! … */) are not allowed', { key: 'query' });
      }
      const close = sql.indexOf('*/', i + 2);
      blank(close < 0 ? sql.length : close + 2);
    } else if (ch === '#' || (two === '--' && /[\s]/.test(sql[i + 2] ?? ' '))) {
      const nl = sql.indexOf('\n', i);
      blank(nl < 0 ? sql.length : nl);
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The offset just past the literal or quoted name that opens at `start` (doubled quotes and `\` escapes). */
function closingQuote(sql: string, start: number): number {
  const quote = sql[start];
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === '\\' && quote !== '`') i++;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  throw new ConfigError(`unterminated ${quote} quote starting at offset ${start}`, { key: 'query' });
}
