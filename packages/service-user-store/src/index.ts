export { UserStoreConfigSchema, type UserStoreConfig } from './config.js';
export type * from './contract.js';
export { DEFAULT_DB_FILE, DRIVER_PACKAGES, describeTarget, storeTarget } from './db-uri.js';
export type * from './driver.js';
export { fold, numberKey } from './fold.js';
export { NUMBER_KEY_LIMIT, STORE_LIMITS } from './limits.js';
export { ManagedUserStore, type ManagedStoreOptions } from './managed-store.js';
export { STORE_UNAVAILABLE, StoreUnavailableError } from './store-errors.js';
export { importDriver, UserStoreServicePlugin } from './user-store-service-plugin.js';
