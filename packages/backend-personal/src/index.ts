export { PersonalConfigSchema, type PersonalConfig } from './config.js';
export { PersonalSourcePlugin } from './personal-source-plugin.js';
