export { PersonalConfigSchema, type PersonalConfig } from './config.js';
export type { ImportFailure, ImportReport, PersonalContact, PersonalOptions, PersonalService } from './contract.js';
export { importLines, type ImportLine } from './csv-import.js';
export { StoredPersonalService, type PersonalServiceSettings } from './personal-service.js';
export { PersonalServicePlugin } from './personal-service-plugin.js';
export { contactProblems } from './validation.js';
