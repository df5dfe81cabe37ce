export * from './fixtures.js';
export * from './plugin-args.js';
export * from './registry.js';
export * from './config-audit.js';
