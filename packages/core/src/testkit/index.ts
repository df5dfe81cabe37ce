export * from './daemon-process.js';
export * from './fixtures.js';
export * from './registry.js';
