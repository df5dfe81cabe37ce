// The direct MySQL baseline: a mysql2 pool, the bound LIKE query dird's mysql backend sends.
import type { DirectClient } from './direct-client.js';

/** Connection and query settings, the same as the dird source's. */
export interface MysqlDirectConfig {
  readonly uri: string;
  readonly table: string;
  readonly searchedColumns: readonly string[];
  /** The columns dird's source fetches (unique, searched, first-matched and template columns). */
  readonly fetchedColumns: readonly string[];
  /** The column dird orders results by (its unique column). */
  readonly orderBy: string;
  readonly poolSize: number;
}

interface Pool {
  query(sql: string, values: readonly unknown[]): Promise<[unknown[], unknown]>;
  end(): Promise<void>;
}

export async function open(config: MysqlDirectConfig): Promise<DirectClient> {
  // mysql2 comes with @dird/backend-mysql; imported by name so this module type-checks without it.
  const name = 'mysql2/promise';
  const mysql = (await import(name)) as { createPool(options: object): Pool };
  const pool = mysql.createPool({ uri: config.uri, connectionLimit: config.poolSize });
  const where = config.searchedColumns.map((c) => `\`${c}\` LIKE ?`).join(' OR ');
  const columns = config.fetchedColumns.map((c) => `\`${c}\``).join(', ');
  const sql = `SELECT ${columns} FROM \`${config.table}\` WHERE ${where} ORDER BY \`${config.orderBy}\``;
  return {
    async search(term) {
      const pattern = `%${term.replace(/[\\%_]/g, '\\$&')}%`;
      const [rows] = await pool.query(
        sql,
        config.searchedColumns.map(() => pattern),
      );
      return rows.length;
    },
    close: () => pool.end(),
  };
}
