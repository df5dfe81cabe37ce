export { CsvWsConfigSchema, DEFAULT_MAX_ANSWER_BYTES, DEFAULT_TIMEOUT, type CsvWsConfig } from './config.js';
export { CsvWsSourcePlugin } from './csv-ws-source-plugin.js';
