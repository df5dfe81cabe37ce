export { ensureDebianPackages, findBinary } from './debian.js';
export { alive, readPid, stopPid, waitUntil } from './process.js';
export { startMariadb, type MariadbOptions, type MariadbServer } from './mariadb.js';
