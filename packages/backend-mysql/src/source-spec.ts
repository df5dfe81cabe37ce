import { ConfigError, secondsToMs } from '@dird/core';
import type { MysqlConfig } from './config.js';
import { checkSelectQuery, tableReference } from './sql-text.js';

/** What a source reads from its config before it talks to the server. */
export interface SourceSpec {
  /** The FROM clause: a quoted table reference, or `(query)`. */
  readonly from: string;
  /** The config key that names the rows (`table` or `query`), for error messages. */
  readonly fromKey: 'table' | 'query';
  readonly searched: readonly string[];
  readonly firstMatched: readonly string[];
  readonly uniqueColumn?: string;
  /** The fields the format_columns templates read; null when there are no format_columns (select everything). */
  readonly templateFields: readonly string[] | null;
  readonly queryTimeoutMs: number;
  readonly normalizeNumbers: boolean;
}

/**
 * The spec of a source block, checked without the server: exactly one of `table` and `query`, a query that
 * is one read-only SELECT, column names that can be quoted. Empty column names are skipped, as for CSV.
 */
export function sourceSpec(config: MysqlConfig, templateFields: readonly string[]): SourceSpec {
  if ((config.table === undefined) === (config.query === undefined)) {
    throw new ConfigError('set exactly one of table (a table or view) and query (a SELECT)', { key: 'table' });
  }
  const names = (list: readonly string[] | undefined, key: string) => {
    const kept = (list ?? []).filter((c) => c !== '');
    const bad = kept.find((c) => c.includes('\0'));
    if (bad !== undefined) throw new ConfigError(`"${bad}" is not a usable column name`, { key });
    return kept;
  };
  if (config.unique_column === '') throw new ConfigError('must not be empty', { key: 'unique_column' });
  return {
    from: config.table !== undefined ? tableReference(config.table) : `(${checkSelectQuery(config.query!)})`,
    fromKey: config.table !== undefined ? 'table' : 'query',
    searched: names(config.searched_columns, 'searched_columns'),
    firstMatched: names(config.first_matched_columns, 'first_matched_columns'),
    uniqueColumn: names(config.unique_column === undefined ? [] : [config.unique_column], 'unique_column')[0],
    templateFields: config.format_columns ? templateFields : null,
    queryTimeoutMs: secondsToMs(config.query_timeout),
    normalizeNumbers: config.normalize_numbers,
  };
}
