import { COMMON_SOURCE_ROWS, wrongTypeCases, type KeyRow } from '@dird/core/testkit';
import { describe, it } from 'vitest';
import { MysqlConfigSchema } from './config.js';

describe('a mysql source key of the wrong type: taken as plainly meant, or a problem naming the key (never a default)', () => {
  const base = { name: 's', type: 'mysql', table: 't', format_columns: { name: '{a}' } };
  const rows: KeyRow[] = [
    ...COMMON_SOURCE_ROWS,
    ...['mysql_uri', 'host', 'user', 'password', 'database', 'ssl_ca', 'ssl_cert', 'ssl_key', 'table', 'query'].map(
      (key): KeyRow => ({ key, kind: 'text', onNull: 'absent' }),
    ),
    { key: 'port', kind: 'integer', onNull: 'absent' },
    { key: 'ssl', kind: 'boolean', onNull: 'error' },
    { key: 'ssl_verify', kind: 'boolean', onNull: 'error' },
    { key: 'pool_size', kind: 'integer', onNull: 'error' },
    { key: 'connect_timeout', kind: 'number', onNull: 'error' },
    { key: 'query_timeout', kind: 'number', onNull: 'error' },
    { key: 'normalize_numbers', kind: 'boolean', onNull: 'error' },
  ];
  for (const c of wrongTypeCases(MysqlConfigSchema, base, rows)) it(c.name, () => c.check());
});
