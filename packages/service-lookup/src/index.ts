export { LookupConfigSchema, LookupProfileSchema, type LookupConfig } from './config.js';
export type { LookupOptions, LookupService } from './contract.js';
export { FanOutLookupService, type LookupProfile } from './lookup-service.js';
export { LookupServicePlugin } from './lookup-service-plugin.js';
