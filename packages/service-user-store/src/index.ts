export { UserStoreConfigSchema, type UserStoreConfig } from './config.js';
export type * from './contract.js';
export { DEFAULT_DB_FILE, DRIVER_PACKAGES, describeTarget, storeTarget } from './db-uri.js';
export type * from './driver.js';
export { numberKey } from './number-key.js';
export { NUMBER_KEY_LIMIT, STORE_LIMITS } from './limits.js';
export { ManagedUserStore, type ManagedStoreOptions } from './managed-store.js';
export { STORE_UNAVAILABLE, StoreUnavailableError } from './store-errors.js';
export { importDriver, openUserStore, type OpenUserStoreOptions } from './open-user-store.js';
export { UserStoreServicePlugin } from './user-store-service-plugin.js';
export {
  importXivoPrivate,
  parseXivoPrivate,
  readXivoPrivate,
  type ImportSummary,
  type XivoPrivateData,
} from './consul-import.js';
export { importConsulCommand } from './import-consul-cli.js';
