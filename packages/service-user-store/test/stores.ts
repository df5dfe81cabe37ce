import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { memoryLogger } from '@dird/core/testkit';
import { createStoreDriver as createMysqlDriver } from '@dird/store-mysql';
import { createStoreDriver as createSqliteDriver } from '@dird/store-sqlite';
import { createUserStoreDatabase, startMariadb, type MariadbServer } from '@dird/test-servers';
import { ManagedUserStore, storeTarget, type MysqlTarget, type SqliteTarget, type StoreDriver } from '../src/index.js';

/** One kind of store under test: how to make a store on a fresh, empty database. */
export interface StoreKind {
  readonly name: 'sqlite' | 'mysql';
  /** A new store on a new empty database (its `db_uri`), started. */
  make(options?: { retryIntervalMs?: number }): Promise<TestStore>;
  /** Releases the server or folder behind every store made. */
  close(): Promise<void>;
  /** Makes the store unreachable, and reachable again. */
  down(): Promise<void>;
  up(): Promise<void>;
}

/** A store under test, with its driver, log and URI. */
export interface TestStore {
  readonly store: ManagedUserStore;
  readonly driver: StoreDriver;
  readonly uri: string;
  readonly logger: ReturnType<typeof memoryLogger>;
}

const DRIVER_OPTIONS = { poolSize: 4, connectTimeoutMs: 1000, queryTimeoutMs: 2000 };

async function started(driver: StoreDriver, uri: string, retryIntervalMs = 100): Promise<TestStore> {
  const logger = memoryLogger();
  const store = new ManagedUserStore(driver, { logger, retryIntervalMs });
  await store.start();
  return { store, driver, uri, logger };
}

/** SQLite files in a temp folder; "down" moves the folder away, "up" puts it back. */
export async function sqliteKind(): Promise<StoreKind> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'dird-store-'));
  const made: ManagedUserStore[] = [];
  let n = 0;
  return {
    name: 'sqlite',
    async make(options = {}) {
      const uri = `sqlite:///${path.join(dir, 'data', `store-${++n}.sqlite`)}`;
      const target = storeTarget(uri, dir) as SqliteTarget;
      const driver = createSqliteDriver(target, { logger: memoryLogger(), ...DRIVER_OPTIONS });
      const s = await started(driver, uri, options.retryIntervalMs);
      made.push(s.store);
      return s;
    },
    async down() {
      throw new Error('see the sqlite tests: a SQLite file cannot be taken away from an open handle');
    },
    async up() {},
    async close() {
      for (const store of made) await store.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Databases on one throw-away MariaDB server; "down" halts the server, "up" starts it again. */
export async function mysqlKind(): Promise<StoreKind & { server: MariadbServer }> {
  const server = await startMariadb();
  const made: ManagedUserStore[] = [];
  let n = 0;
  return {
    name: 'mysql',
    server,
    async make(options = {}) {
      const uri = await createUserStoreDatabase(server, `store_${++n}`);
      const target = storeTarget(uri, '/') as MysqlTarget;
      const driver = createMysqlDriver(target, { logger: memoryLogger(), ...DRIVER_OPTIONS });
      const s = await started(driver, uri, options.retryIntervalMs);
      made.push(s.store);
      return s;
    },
    down: () => server.halt(),
    up: () => server.start(),
    async close() {
      for (const store of made) await store.stop();
      await server.stop();
    },
  };
}
