import path from 'node:path';
import { BaseServicePlugin, type Health, type ServiceLoadArgs } from '@dird/core';
import { UserStoreConfigSchema, type UserStoreConfig } from './config.js';
import type { UserStore } from './contract.js';
import type { ManagedUserStore } from './managed-store.js';
import { openUserStore } from './open-user-store.js';

/**
 * The `user_store` service: favorites and personal contacts per user, in the store `db_uri` names (SQLite by
 * default, MySQL/MariaDB to share it between daemons). It needs no source, so the `personal` backend can need it.
 * The store being down never fails the load: the service starts anyway and retries (see `ManagedUserStore`).
 */
export class UserStoreServicePlugin extends BaseServicePlugin<UserStore, UserStoreConfig> {
  static override readonly configSchema = UserStoreConfigSchema;
  static override readonly needsSources = false;

  private store: ManagedUserStore | undefined;

  async load({ config, mainConfig, logger }: ServiceLoadArgs<UserStoreConfig>): Promise<UserStore> {
    // A relative SQLite path is relative to the main config file's folder, as other relative paths of that file.
    const baseDir = mainConfig.config_file ? path.dirname(mainConfig.config_file) : process.cwd();
    this.store = await openUserStore({ dbUri: mainConfig.db_uri, baseDir, config, logger });
    return this.store;
  }

  /** The store's: failing while it is down, with when and why it last failed. */
  override health(): Health | undefined {
    return this.store?.health();
  }

  override async unload(): Promise<void> {
    await this.store?.stop();
  }
}
