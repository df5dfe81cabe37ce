export { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations.js';
export { createStoreDriver, SchemaTooNewError, SqliteStoreDriver } from './sqlite-store-driver.js';
