export * from './fixtures.js';
export * from './plugin-args.js';
export * from './registry.js';
