import { bounded, ConfigError, secondsToMs, type Logger } from '@dird/core';
import type { UserStoreConfig } from './config.js';
import { DEFAULT_DB_FILE, DRIVER_PACKAGES, storeTarget } from './db-uri.js';
import type { StoreDriverModule, StoreTarget } from './driver.js';
import { ManagedUserStore } from './managed-store.js';

/** What {@link openUserStore} needs. */
export interface OpenUserStoreOptions {
  /** The top-level `db_uri` (absent: the default SQLite file). */
  readonly dbUri: unknown;
  /** The folder a relative SQLite path is relative to: the main config file's. */
  readonly baseDir: string;
  readonly config: UserStoreConfig;
  readonly logger: Logger;
}

/**
 * The store `db_uri` names, started: its driver package imported, a first attempt to open and migrate it made
 * (waited for at most a connection's time; a store not up by then comes up in the background). A mistake in
 * `db_uri`, or a driver package that is not installed, throws a config error naming `db_uri`.
 */
export async function openUserStore(options: OpenUserStoreOptions): Promise<ManagedUserStore> {
  const { dbUri, config, logger } = options;
  const target = storeTarget(dbUri, options.baseDir);
  const driver = (await importDriver(DRIVER_PACKAGES[target.kind], target)).createStoreDriver(target, {
    logger,
    poolSize: config.pool_size,
    connectTimeoutMs: secondsToMs(config.connect_timeout),
    queryTimeoutMs: secondsToMs(config.query_timeout),
  });
  const hint =
    dbUri === undefined || dbUri === null
      ? `db_uri is not set, so the store is the default ${DEFAULT_DB_FILE}: make its folder writable by dird's user, or set db_uri`
      : 'check db_uri';
  const store = new ManagedUserStore(driver, { logger, retryIntervalMs: secondsToMs(config.retry_interval), hint });
  await bounded(store.start(), {
    ms: secondsToMs(config.connect_timeout) + 1000,
    what: 'opening the user store',
  }).catch(() => undefined);
  return store;
}

/** The driver package `pkg` of the target's kind; a clear error naming the package when it is not installed. */
export async function importDriver(pkg: string, target: StoreTarget): Promise<StoreDriverModule> {
  try {
    return (await import(pkg)) as StoreDriverModule;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String(err).includes(pkg)) {
      throw new ConfigError(
        `a ${target.kind === 'sqlite' ? 'SQLite' : 'MySQL/MariaDB'} store needs the package ${pkg}, which is not ` +
          `installed: npm install ${pkg}`,
        { key: 'db_uri' },
        { cause: err },
      );
    }
    throw err;
  }
}
