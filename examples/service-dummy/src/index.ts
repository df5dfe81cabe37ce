export { DummyConfigSchema, type DummyConfig } from './config.js';
export { DummyServicePlugin, type DummyService } from './dummy-service-plugin.js';
