import { ConfigError } from '@dird/core';
import { isUnreachable } from './errors.js';
import type { MysqlPool } from './mysql-pool.js';
import type { SourceSpec } from './source-spec.js';
import { Statements } from './statements.js';

/** A source checked against its server: the columns it has, and the statements built on them. */
export interface SourceShape {
  readonly server: string;
  readonly columns: readonly string[];
  readonly statements: Statements;
  /** Template fields that are not columns: they render empty (worth a warning, not a failure). */
  readonly absentTemplateFields: readonly string[];
}

/**
 * Asks the server what the table, view or query returns (by preparing it, so nothing runs) and checks every
 * configured column against that: a missing one is a {@link ConfigError} naming the key and the column.
 * Errors that mean "server unreachable" are thrown as they are, for the caller to retry later.
 */
export async function inspectSource(pool: MysqlPool, spec: SourceSpec, signal: AbortSignal): Promise<SourceShape> {
  const [version] = await pool.rows('SELECT VERSION() AS version', [], signal);
  const server = String(version?.version ?? '');
  let columns: string[];
  try {
    columns = (await pool.columns(`SELECT * FROM ${spec.from} AS dird_src`, signal)).map((f) => f.name);
  } catch (err) {
    if (isUnreachable(err) || signal.aborted) throw err;
    throw new ConfigError(
      `the server refused the ${spec.fromKey}: ${serverMessage(err)}`,
      { key: spec.fromKey },
      { cause: err },
    );
  }
  checkColumns(columns, spec.searched, 'searched_columns', spec.fromKey);
  checkColumns(columns, spec.firstMatched, 'first_matched_columns', spec.fromKey);
  if (spec.uniqueColumn !== undefined) checkColumns(columns, [spec.uniqueColumn], 'unique_column', spec.fromKey);
  const known = new Set(columns);
  const wanted = spec.templateFields && new Set([...spec.templateFields, ...spec.searched, ...spec.firstMatched]);
  if (wanted && spec.uniqueColumn) wanted.add(spec.uniqueColumn);
  return {
    server,
    columns,
    absentTemplateFields: (spec.templateFields ?? []).filter((f) => !known.has(f)),
    statements: new Statements({
      from: spec.from,
      selected: wanted ? columns.filter((c) => wanted.has(c)) : columns,
      searched: spec.searched,
      firstMatched: spec.firstMatched,
      uniqueColumn: spec.uniqueColumn,
      mariadb: /mariadb/i.test(server),
      queryTimeoutMs: spec.queryTimeoutMs,
      normalizeNumbers: spec.normalizeNumbers,
    }),
  };
}

function checkColumns(columns: readonly string[], names: readonly string[], key: string, fromKey: string): void {
  for (const name of names) {
    if (columns.includes(name)) continue;
    const sameLetters = columns.find((c) => c.toLowerCase() === name.toLowerCase());
    const hint = sameLetters ? ` (did you mean "${sameLetters}"? names are compared exactly)` : '';
    throw new ConfigError(`column "${name}" is not in the ${fromKey}${hint}; its columns are: ${columns.join(', ')}`, {
      key,
    });
  }
}

function serverMessage(err: unknown): string {
  const e = err as { sqlMessage?: string; message?: string; code?: string };
  return `${e.sqlMessage ?? e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}`;
}
