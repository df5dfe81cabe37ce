export { ensureDebianPackages, findBinary } from './debian.js';
export { alive, readPid, stopPid, waitUntil } from './process.js';
