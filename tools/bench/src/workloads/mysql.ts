import { startMariadb } from '@dird/test-servers';
import type { Bench } from '../bench.js';
import { directoryFile } from '../data/directory.js';
import { SEARCHED_COLUMNS, workset } from '../data/workset.js';
import type { MysqlDirectConfig } from '../direct/mysql2-client.js';
import { compareWithDirect, LONG_TIMEOUT_S } from './backend-comparison.js';
import { dirdConfig } from './configs.js';

/** The 100k CSV directory of the lookup workload, loaded into a table. */
const ROWS = { count: 100_000, seed: 1 };
const DATABASE = 'dird_bench';
const POOL_SIZE = 10;

const TABLE = `CREATE TABLE \`${DATABASE}\`.contacts (
  id INT PRIMARY KEY, firstname VARCHAR(64), lastname VARCHAR(64), company VARCHAR(64), department VARCHAR(64),
  email VARCHAR(128), phone VARCHAR(32), mobile VARCHAR(32), city VARCHAR(64))`;

/**
 * MySQL: the 100,000 rows of the CSV workload in a real MariaDB, searched through dird's mysql backend and
 * straight with a mysql2 pool of the same size (the same bound LIKE query).
 */
export async function mysqlWorkloads(bench: Bench): Promise<void> {
  const server = await startMariadb({ databases: [DATABASE], sql: TABLE });
  try {
    const loaded = await server.loadCsv(await directoryFile(ROWS.count, ROWS.seed), DATABASE, 'contacts');
    if (loaded !== ROWS.count) throw new Error(`bench: mysql: loaded ${loaded} rows of ${ROWS.count}`);
    const set = await workset([ROWS]);
    const source = {
      type: 'mysql',
      mysql_uri: server.uri(DATABASE),
      table: 'contacts',
      pool_size: POOL_SIZE,
      query_timeout: LONG_TIMEOUT_S,
      unique_column: 'id',
      searched_columns: [...SEARCHED_COLUMNS],
      first_matched_columns: ['phone', 'mobile'],
      format_columns: { name: '{firstname} {lastname}', reverse: '{firstname} {lastname}' },
    };
    const direct: MysqlDirectConfig = {
      uri: server.uri(DATABASE),
      table: 'contacts',
      searchedColumns: [...SEARCHED_COLUMNS],
      fetchedColumns: ['id', ...SEARCHED_COLUMNS, 'phone', 'mobile'],
      orderBy: 'id',
      poolSize: POOL_SIZE,
    };
    await compareWithDirect(bench, {
      group: 'mysql',
      data: '100,000 rows in MariaDB',
      library: 'mysql2',
      dirdConfig: dirdConfig({
        backends: ['mysql'],
        sources: { contacts: source },
        lookup: { default: { sources: ['contacts'], timeout: LONG_TIMEOUT_S } },
      }),
      terms: set.terms.map((t) => t.term),
      directModule: 'mysql2-client.ts',
      directConfig: direct,
    });
  } finally {
    await server.stop();
  }
}
