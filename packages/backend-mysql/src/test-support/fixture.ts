import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeContactsCsv } from '@dird/datagen';
import { checkBlock, type Logger, type SourceCallArgs } from '@dird/core';
import { startMariadb, type MariadbServer } from '@dird/test-servers';
import mysql from 'mysql2/promise';
import { MysqlConfigSchema, type MysqlConfig } from '../config.js';
import { MysqlSourcePlugin } from '../mysql-source-plugin.js';

/** One row of the `contacts` test table. */
export interface ContactRow {
  id: number;
  firstname: string;
  lastname: string;
  company: string | null;
  number: string | null;
  mobile?: string | null;
}

/** Contacts whose values test escaping, folding and rendering. */
export const CONTACTS: readonly ContactRow[] = [
  { id: 1, firstname: 'Pépé', lastname: 'Le Moko', company: 'Casbah', number: '+33 1 23 45 67 89', mobile: null },
  { id: 2, firstname: 'Alice', lastname: "O'Hara", company: '100% Bio', number: '1002', mobile: '0612345678' },
  { id: 3, firstname: 'Bob', lastname: 'Snake_Case', company: 'Back\\slash & "Quotes"', number: '1003' },
  { id: 4, firstname: 'Zoë', lastname: 'Ærøskøbing', company: '北京 Trading 😀', number: '1004' },
  { id: 5, firstname: 'Charlie', lastname: 'Bang!', company: 'Wow!', number: '01.23.45.67.00' },
  { id: 6, firstname: 'Hidden', lastname: 'Person', company: 'Secret', number: '1006' },
];

/** A query whose every run sleeps 5 s on the server (the derived table is computed once per query). */
export const SLOW_QUERY = 'SELECT c.* FROM contacts c JOIN (SELECT SLEEP(5) AS pause) AS z';

/** How many queries the application user has running on the server right now. */
export async function queriesRunning(server: MariadbServer): Promise<number> {
  const [[count]] = await server.sql(
    `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '${server.user}' AND COMMAND IN ('Query', 'Execute')`,
  );
  return Number(count);
}

/**
 * A MariaDB server (accepting TLS too) with database `crm`: the `contacts` table (utf8mb4_unicode_ci) holding
 * {@link CONTACTS}.
 */
export async function startCrm(): Promise<MariadbServer> {
  const server = await startMariadb({ databases: ['crm'], tls: true });
  try {
    await server.sql(
      `CREATE TABLE contacts (
        id INT PRIMARY KEY, firstname VARCHAR(100) NOT NULL, lastname VARCHAR(100) NOT NULL,
        company VARCHAR(100) NULL, number VARCHAR(40) NULL, mobile VARCHAR(40) NULL
      ) COLLATE utf8mb4_unicode_ci`,
      'crm',
    );
    await insertRows(server, 'crm', 'contacts', CONTACTS);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/**
 * Creates table `contacts` with the columns of `@dird/datagen` (indexes on the numbers, as a site doing reverse
 * lookups would have) and loads `count` generated contacts of seed 1 with LOAD DATA.
 */
export async function loadGeneratedContacts(server: MariadbServer, database: string, count: number): Promise<void> {
  await server.sql(
    `CREATE TABLE contacts (
      id INT PRIMARY KEY, firstname VARCHAR(100), lastname VARCHAR(100), company VARCHAR(100),
      department VARCHAR(100), email VARCHAR(200), phone VARCHAR(40), mobile VARCHAR(40), city VARCHAR(100),
      INDEX (phone), INDEX (mobile)
    ) COLLATE utf8mb4_unicode_ci`,
    database,
  );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-contacts-'));
  try {
    await writeContactsCsv(path.join(dir, 'contacts.csv'), count, 1);
    const loaded = await server.loadCsv(path.join(dir, 'contacts.csv'), database, 'contacts');
    if (loaded !== count) throw new Error(`loaded ${loaded} contacts instead of ${count}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The block of a source on the table of {@link loadGeneratedContacts}. */
export function generatedContactsBlock(server: MariadbServer, database: string) {
  return {
    mysql_uri: server.uri(database),
    table: 'contacts',
    unique_column: 'id',
    searched_columns: ['firstname', 'lastname', 'email'],
    first_matched_columns: ['phone', 'mobile'],
  };
}

/** Inserts rows with bound values (as root, through the socket): test data may hold any character. */
export async function insertRows(
  server: MariadbServer,
  database: string,
  table: string,
  rows: readonly object[],
): Promise<void> {
  await asRoot(server, database, async (conn) => {
    for (const row of rows) await conn.query(`INSERT INTO \`${table}\` SET ?`, [row]);
  });
}

/** Runs `work` on a root connection (through the socket) to `database`. */
export async function asRoot(
  server: MariadbServer,
  database: string,
  work: (conn: mysql.Connection) => Promise<void>,
): Promise<void> {
  const conn = await mysql.createConnection({ socketPath: server.socket, user: 'root', database, charset: 'utf8mb4' });
  try {
    await work(conn);
  } finally {
    await conn.end();
  }
}

export { memoryLogger } from '@dird/core/testkit';
import { loadArgs, memoryLogger, sourceCallArgs } from '@dird/core/testkit';

/** Loads a `mysql` source the way the daemon does: the block validated with defaults, then `load`. */
export async function loadSource(
  block: Record<string, unknown>,
  logger: Logger = memoryLogger(),
): Promise<MysqlSourcePlugin> {
  const { value, problems } = checkBlock<MysqlConfig>(MysqlConfigSchema, { name: 'crm', type: 'mysql', ...block });
  if (problems.length > 0) throw new Error(`invalid test block: ${JSON.stringify(problems)}`);
  const source = new MysqlSourcePlugin();
  source.name = 'crm';
  source.backend = 'mysql';
  try {
    await source.load(loadArgs(value, { logger }));
  } catch (err) {
    await source.unload();
    throw err;
  }
  return source;
}

/** Loads a source (see {@link loadSource}), runs `work` with it, and unloads it whatever happens. */
export async function withSource<T>(
  block: Record<string, unknown>,
  work: (source: MysqlSourcePlugin) => Promise<T>,
  logger?: Logger,
): Promise<T> {
  const source = await loadSource(block, logger);
  try {
    return await work(source);
  } finally {
    await source.unload();
  }
}

/** Arguments of one call, with a deadline well past any timeout under test. */
export function callArgs(extra: Partial<SourceCallArgs> = {}): SourceCallArgs {
  return sourceCallArgs(extra);
}
