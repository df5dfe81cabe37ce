import { createHash } from 'node:crypto';
import type { Logger } from '@dird/core';
import type { MigrationOutcome } from '@dird/service-user-store/driver';
import { LATEST_VERSION, MIGRATIONS, MIGRATION_TABLE } from './migrations.js';
import type { StorePool } from './store-pool.js';

/** How long a daemon waits for another one to finish migrating the same database. */
const LOCK_WAIT_S = 30;
/** How long one migration statement may take (a table being created on a busy server). */
const STATEMENT_MS = 60_000;

/**
 * Brings the schema of `database` to {@link LATEST_VERSION}. Daemons starting together take turns on a named lock
 * (GET_LOCK): the first creates the tables, the others find them made. Each step is idempotent too, for Galera,
 * where the lock is per node.
 */
export async function migrate(pool: StorePool, database: string, logger: Logger): Promise<MigrationOutcome> {
  const lock = schemaLockName(database);
  return pool.session(async (session) => {
    const [{ got }] = await session.execute<{ got: number | null }[]>(
      'SELECT GET_LOCK(?, ?) AS got',
      [lock, LOCK_WAIT_S],
      (LOCK_WAIT_S + 5) * 1000,
    );
    if (Number(got) !== 1) {
      throw Object.assign(
        new Error(`another dird has been migrating database ${database} for over ${LOCK_WAIT_S} s (lock ${lock})`),
        { code: 'DIRD_ERR_TIMEOUT' },
      );
    }
    try {
      await session.execute(MIGRATION_TABLE, [], STATEMENT_MS);
      const [{ version }] = await session.execute<{ version: number | null }[]>(
        'SELECT MAX(version) AS version FROM dird_schema_migration',
      );
      const from = Number(version ?? 0);
      if (from > LATEST_VERSION) {
        throw Object.assign(
          new Error(
            `database ${database} holds schema version ${from}, newer than this dird knows (${LATEST_VERSION}): upgrade dird`,
          ),
          { code: 'DIRD_ERR_SCHEMA_TOO_NEW' },
        );
      }
      for (const step of MIGRATIONS) {
        if (step.version <= from) continue;
        logger.info(
          { version: step.version },
          `user store: applying schema version ${step.version} (${step.description})`,
        );
        for (const statement of step.statements) await session.execute(statement, [], STATEMENT_MS);
        await session.execute(
          'INSERT INTO dird_schema_migration (version, description, applied_at) VALUES (?, ?, NOW(3)) ' +
            'ON DUPLICATE KEY UPDATE version = version',
          [step.version, step.description],
        );
      }
      return { from, to: Math.max(from, LATEST_VERSION) };
    } finally {
      await session.execute('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
    }
  });
}

/** The lock name of a database's schema (GET_LOCK names are server-wide and at most 64 characters). */
export function schemaLockName(database: string): string {
  const name = `dird_schema.${database}`;
  return name.length <= 64 ? name : `dird_schema.${createHash('sha1').update(database).digest('hex')}`;
}
