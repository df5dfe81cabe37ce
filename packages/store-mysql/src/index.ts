export { isUnavailable } from './errors.js';
export { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations.js';
export { migrate, schemaLockName } from './migrate.js';
export { createStoreDriver, MysqlStoreDriver } from './mysql-store-driver.js';
