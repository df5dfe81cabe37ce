export { MysqlConfigSchema, type MysqlConfig } from './config.js';
export { parseMysqlUri, type ConnectionTarget } from './connection-options.js';
export { MysqlSourcePlugin } from './mysql-source-plugin.js';
