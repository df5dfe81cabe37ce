export { DummyConfigSchema, type DummyConfig } from './config.js';
export type { DummyService } from './contract.js';
export { DummyServicePlugin } from './dummy-service-plugin.js';
