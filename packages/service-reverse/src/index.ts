export { ReverseConfigSchema, ReverseProfileSchema, type ReverseConfig } from './config.js';
export type { ReverseOptions, ReverseService } from './contract.js';
export { OrderedReverseService, type ReverseProfile } from './reverse-service.js';
export { ReverseServicePlugin } from './reverse-service-plugin.js';
