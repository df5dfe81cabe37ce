import path from 'node:path';
import { BaseServicePlugin, bounded, ConfigError, secondsToMs, type ServiceLoadArgs } from '@dird/core';
import { UserStoreConfigSchema, type UserStoreConfig } from './config.js';
import type { UserStore } from './contract.js';
import { DEFAULT_DB_FILE, DRIVER_PACKAGES, storeTarget } from './db-uri.js';
import type { StoreDriverModule, StoreTarget } from './driver.js';
import { ManagedUserStore } from './managed-store.js';

/**
 * The `user_store` service: favorites and personal contacts per user, in the store `db_uri` names (SQLite by
 * default, MySQL/MariaDB to share it between daemons). It needs no source, so the `personal` backend can need it.
 * The store being down never fails the load: the service starts anyway and retries (see {@link ManagedUserStore}).
 */
export class UserStoreServicePlugin extends BaseServicePlugin<UserStore, UserStoreConfig> {
  static override readonly configSchema = UserStoreConfigSchema;
  static override readonly needsSources = false;

  private store: ManagedUserStore | undefined;

  async load({ config, mainConfig, logger }: ServiceLoadArgs<UserStoreConfig>): Promise<UserStore> {
    const baseDir = mainConfig.config_file ? path.dirname(mainConfig.config_file) : process.cwd();
    const target = storeTarget(mainConfig.db_uri, baseDir);
    const driverModule = await importDriver(DRIVER_PACKAGES[target.kind], target);
    const driver = driverModule.createStoreDriver(target, {
      logger,
      poolSize: config.pool_size,
      connectTimeoutMs: secondsToMs(config.connect_timeout),
      queryTimeoutMs: secondsToMs(config.query_timeout),
    });
    const hint =
      mainConfig.db_uri === undefined || mainConfig.db_uri === null
        ? `db_uri is not set, so the store is the default ${DEFAULT_DB_FILE}: make its folder writable by dird's user, or set db_uri`
        : 'check db_uri';
    const store = new ManagedUserStore(driver, { logger, retryIntervalMs: secondsToMs(config.retry_interval), hint });
    this.store = store;
    // The first attempt is waited for (a store that answers is in use as soon as the daemon listens), but never
    // longer than a connection may take: past that the daemon starts and the store comes up when it can.
    await bounded(store.start(), {
      ms: secondsToMs(config.connect_timeout) + 1000,
      what: 'opening the user store',
    }).catch(() => undefined);
    return store;
  }

  override async unload(): Promise<void> {
    await this.store?.stop();
  }
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
