import type { MariadbServer } from './mariadb.js';

/**
 * The privileges dird's user store needs on its database (docs/deployment.md): its tables are created and
 * migrated by dird itself.
 */
export const USER_STORE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, REFERENCES';

/**
 * Creates an empty database `name` (utf8mb4) on `server` for dird's user store, grants the application user
 * {@link USER_STORE_PRIVILEGES} on it (nothing more), and returns its `db_uri`.
 */
export async function createUserStoreDatabase(server: MariadbServer, name: string): Promise<string> {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  await server.sql(
    `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
     GRANT ${USER_STORE_PRIVILEGES} ON \`${name}\`.* TO '${server.user}'@'%'`,
  );
  return server.uri(name);
}
