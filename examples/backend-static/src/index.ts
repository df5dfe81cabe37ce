export { StaticConfigSchema, type StaticConfig } from './config.js';
export { StaticSourcePlugin } from './static-source-plugin.js';
